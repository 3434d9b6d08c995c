import { DEV_API_KEY, startEmulator } from '@klarefi/emulator';
import { DEFAULT_BASE_URL } from '@klarefi/sdk/adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { closedPort, requireBuiltCli, runCli } from './helpers.js';

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let env: Record<string, string>;

beforeAll(async () => {
  requireBuiltCli();
  emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
  env = { KLAREFI_API_KEY: emulator.apiKey, KLAREFI_API_BASE_URL: emulator.url };
});
afterAll(() => emulator?.close());

const create = (args: string[], extraEnv?: Record<string, string>) =>
  runCli(['sessions', 'create', ...args], { env: { ...env, ...extraEnv } });

describe('klarefi sessions create', () => {
  it('--url-only prints only the signed URL, which serves the hosted form', async () => {
    const result = await create(['--case-type', 'motor_claim', '--locale', 'nl', '--url-only']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    const signedUrl = new URL(lines[0] as string);
    expect(signedUrl.searchParams.get('token')).toBeTruthy();
    const form = await fetch(signedUrl);
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toContain('text/html');
  });

  it('--json prints the whole response, with every flag sent', async () => {
    const result = await create([
      '--case-type=motor_claim',
      '--external-case-id',
      'CLM-1',
      '--external-applicant-id',
      'APP-1',
      '--external-customer-id',
      'CUS-1',
      '--return-url',
      'http://127.0.0.1:3000/done',
      '--ttl-hours',
      '2',
      '--trace-id',
      'trace-1',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const session = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(session.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(session.idempotent_replay).toBe(false);
    const hours = (Date.parse(session.expires_at as string) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(1.9);
    expect(hours).toBeLessThan(2.1);

    const stored = (await (await fetch(`${emulator.url}/_emulator/sessions`)).json()) as unknown;
    const text = JSON.stringify(stored);
    for (const value of ['CLM-1', 'APP-1', 'CUS-1', 'trace-1', 'http://127.0.0.1:3000/done']) {
      expect(text).toContain(value);
    }
  });

  it('prints a short summary by default and replays with the same --idempotency-key', async () => {
    const key = `cli-test-${Date.now()}`;
    const first = await create(['--case-type', 'motor_claim', '--idempotency-key', key]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Session created\n/);
    const id = /session_id\s+(\S+)/.exec(first.stdout)?.[1];
    expect(id).toBeTruthy();
    expect(first.stdout).toMatch(/signed_url\s+http:\/\/127\.0\.0\.1:\d+\//);

    const again = await create(['--case-type', 'motor_claim', '--idempotency-key', key]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Session replayed/);
    expect(again.stdout).toContain(id as string);

    const conflict = await create(['--case-type', 'motor_claim', '--locale', 'nl', '--idempotency-key', key]);
    expect(conflict.code).toBe(1);
    expect(conflict.stdout).toBe('');
    // One line, and each of status, type, code and request id once.
    expect(conflict.stderr.trim().split('\n')).toHaveLength(1);
    expect(conflict.stderr).toContain('answered 400 Bad Request validation_error/idempotency_key_conflict');
    for (const part of [/\b400\b/g, /validation_error/g, /idempotency_key_conflict/g, /\breq_\w+/g]) {
      expect(conflict.stderr.match(part), String(part)).toHaveLength(1);
    }
  });

  it('flags override the environment', async () => {
    const result = await runCli([
      'sessions',
      'create',
      '--case-type',
      'motor_claim',
      '--api-key',
      emulator.apiKey,
      '--base-url',
      emulator.url,
      '--url-only',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(emulator.url)).toBe(true);
  });

  it('without a key: exit 2 and says which variable to set', async () => {
    const result = await runCli(['sessions', 'create', '--case-type', 'motor_claim'], {
      env: { KLAREFI_API_BASE_URL: emulator.url },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'Set KLAREFI_API_KEY (or pass --api-key); `klarefi dev` prints a test key.',
    );
  });

  it('without --case-type: exit 2 and names the flag', async () => {
    const result = await create([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Missing --case-type');
  });

  it('a rejected key: exit 1, one line with status, type and request id, and never the key', async () => {
    const wrongKey = 'sk_test_not_the_emulators_key_987';
    const result = await create(['--case-type', 'motor_claim'], { KLAREFI_API_KEY: wrongKey });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/answered 401 Unauthorized authentication_error/);
    expect(result.stderr).toMatch(/request req_\w+/);
    expect(result.stderr).toContain('KLAREFI_API_KEY');
    expect(result.stderr).not.toContain('not_the_emulators_key');
  });

  it('a key of the wrong shape: exit 2, without echoing it', async () => {
    const result = await create(['--case-type', 'motor_claim', '--api-key', 'pk_wrongshape_42']);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('wrongshape');
  });

  it('an unknown case type is the API error, exit 1', async () => {
    const result = await create(['--case-type', 'no_such_case_type']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/answered 4\d\d [\w ]+ validation_error/);
  });

  it('no API at the base URL: exit 1 and names the variable', async () => {
    const port = await closedPort();
    const result = await create(['--case-type', 'motor_claim'], {
      KLAREFI_API_BASE_URL: `http://127.0.0.1:${port}`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('KLAREFI_API_BASE_URL');
    expect(result.stderr).not.toContain(emulator.apiKey);
  });

  it('checks --return-url, --ttl-hours and conflicting output flags before calling the API', async () => {
    const bad = [
      [['--return-url', 'not a url'], '--return-url must be'],
      [['--ttl-hours', '0'], '--ttl-hours must be a whole number'],
      [['--ttl-hours', '-5'], "--ttl-hours must be a whole number from 1 to 8760 (got '-5')"],
      [['--url-only', '--json'], 'either --url-only or --json'],
    ] as const;
    for (const [args, message] of bad) {
      const result = await create(['--case-type', 'motor_claim', ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});

describe('klarefi sessions create without KLAREFI_API_BASE_URL', () => {
  it("refuses the emulator's own test key: only the emulator's URL is missing", async () => {
    const result = await runCli(['sessions', 'create', '--case-type', 'motor_claim'], {
      env: { KLAREFI_API_KEY: DEV_API_KEY },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("That is the local emulator's test key");
    expect(result.stderr).toContain('Set KLAREFI_API_BASE_URL (or --base-url)');
  });

  it("sends another test key to Klarefi's service (its test environment) and says so", async () => {
    // A real emulator stands in for the service: the request is routed to it, and the URL the
    // CLI chose is recorded, so nothing leaves this machine.
    const key = 'sk_test_cli_service_note_key_1234';
    const service = await startEmulator({ port: 0, host: '127.0.0.1', apiKey: key });
    const requested: string[] = [];
    const stdout = sink();
    const stderr = sink();
    try {
      const code = await main(['sessions', 'create', '--case-type', 'motor_claim', '--url-only'], {
        stdout,
        stderr,
        env: { KLAREFI_API_KEY: key },
        fetch: (input, init) => {
          const url = new URL(String(input instanceof Request ? input.url : input));
          requested.push(url.origin);
          return fetch(new URL(url.pathname + url.search, service.url), init);
        },
      });
      expect(code, stderr.text).toBe(0);
      expect(requested).toEqual([new URL(DEFAULT_BASE_URL).origin]);
      expect(stderr.text).toContain(
        "Note: a test key (sk_test_) with no KLAREFI_API_BASE_URL goes to Klarefi's service",
      );
      expect(stderr.text).toContain('test environment');
      expect(stderr.text).not.toContain(key);
      expect(stdout.text).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/s\//);
    } finally {
      await service.close();
    }
  });
});

function sink() {
  let text = '';
  return {
    write(chunk: string) {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
}
