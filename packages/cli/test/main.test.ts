import { DEV_API_KEY } from '@klarefi/emulator';
import { describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { redact } from '../src/io.js';

/** An output that keeps what was written and can wait for it. */
function sink() {
  let text = '';
  const waiters: Array<{ test: (text: string) => boolean; resolve: () => void }> = [];
  return {
    write(chunk: string) {
      text += chunk;
      for (const w of [...waiters]) {
        if (w.test(text)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
      return true;
    },
    get text() {
      return text;
    },
    until(test: (text: string) => boolean): Promise<void> {
      if (test(text)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ test, resolve }));
    },
  };
}

describe('main() in-process', () => {
  it('runs `dev` until the injected signal aborts, then resolves 0', async () => {
    const stdout = sink();
    const controller = new AbortController();
    const exit = main(['dev', '--port', '0', '--json'], {
      stdout,
      stderr: sink(),
      env: {},
      signal: controller.signal,
    });
    await stdout.until((text) => text.includes('\n'));
    const info = JSON.parse(stdout.text) as { url: string; apiKey: string };
    expect(info.apiKey).toBe(DEV_API_KEY);
    expect((await fetch(`${info.url}/api/v1/health`)).status).toBe(200);
    controller.abort();
    expect(await exit).toBe(0);
    await expect(fetch(`${info.url}/api/v1/health`)).rejects.toThrow();
  });

  it('reads the injected environment, not the process one', async () => {
    const stderr = sink();
    const env = { KLAREFI_API_BASE_URL: 'ftp://127.0.0.1/' };
    const missing = await main(['sessions', 'create', '--case-type', 'motor_claim'], {
      stdout: sink(),
      stderr,
      env,
    });
    expect(missing).toBe(2);
    expect(stderr.text).toContain('Set KLAREFI_API_KEY');
    const badUrl = await main(['sessions', 'create', '--case-type', 'motor_claim'], {
      stdout: sink(),
      stderr,
      env: { ...env, KLAREFI_API_KEY: 'sk_test_x' },
    });
    expect(badUrl).toBe(2);
    expect(stderr.text).toContain('KLAREFI_API_BASE_URL must be an http:// or https:// URL');
  });
});

describe('redact()', () => {
  it('removes key-shaped strings and every known value', () => {
    const message = 'key sk_live_abc123 and whsec_def456, also sk_test_Zz9-_x; custom hunter22 here';
    const out = redact(message, ['hunter22', undefined, '']);
    expect(out).toBe(
      'key sk_live_[redacted] and whsec_[redacted], also sk_test_[redacted]; custom [redacted] here',
    );
  });

  it('keeps the prefixes when they are only named', () => {
    expect(redact('Keys start with `sk_test_` or `sk_live_`.')).toBe(
      'Keys start with `sk_test_` or `sk_live_`.',
    );
  });
});
