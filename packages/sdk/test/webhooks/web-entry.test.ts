import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  constructEvent,
  constructEventAsync,
  createSignatureHeader,
  createSignatureHeaderAsync,
  generateTestHeader,
  generateTestHeaderAsync,
  KlarefiError,
  KlarefiWebhookSignatureError,
} from '../../src/entries/web.js';
import { BODY, ENVELOPE, expectNoSecret, NOW, NOW_S, SECRET, signed } from './helpers.js';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function thrownBy(call: () => unknown): KlarefiError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(KlarefiError);
    expect(error).not.toBeInstanceOf(KlarefiWebhookSignatureError);
    return error as KlarefiError;
  }
  throw new Error('expected a throw');
}

describe('src/entries/web.ts (runtimes without node:crypto)', () => {
  it('constructEvent throws a KlarefiError that points to constructEventAsync', () => {
    const error = thrownBy(() => constructEvent(BODY, signed(BODY), SECRET, NOW));
    expect(error.message).toContain('constructEventAsync(');
    expect(error.message).toContain('node:crypto');
    expectNoSecret(error.message);
  });

  it('createSignatureHeader throws a KlarefiError that points to createSignatureHeaderAsync', () => {
    const error = thrownBy(() => createSignatureHeader({ payload: BODY, secrets: SECRET }));
    expect(error.message).toContain('createSignatureHeaderAsync(');
    expectNoSecret(error.message);
  });

  it('generateTestHeader throws a KlarefiError that points to generateTestHeaderAsync', () => {
    const error = thrownBy(() => generateTestHeader({ payload: BODY, secret: SECRET }));
    expect(error.message).toContain('generateTestHeaderAsync(');
    expectNoSecret(error.message);
  });

  it('the Async variants it exports sign and verify', async () => {
    const header = await generateTestHeaderAsync({ payload: BODY, secret: SECRET, timestamp: NOW_S });
    expect(header).toBe(signed(BODY));
    expect(await createSignatureHeaderAsync({ payload: BODY, secrets: SECRET, timestamp: NOW_S })).toBe(
      header,
    );
    expect(await constructEventAsync(BODY, header, SECRET, NOW)).toEqual(ENVELOPE);
  });

  // A Worker bundle must not pull node:crypto in: walk the runtime (non-type) imports from web.ts.
  it.each(['entries/web.ts', 'entries/adapter-web.ts'])(
    '%s reaches no node: module through its runtime imports',
    (entry) => {
      const seen = new Set<string>();
      const nodeImports: string[] = [];
      const visit = (file: string): void => {
        if (seen.has(file)) return;
        seen.add(file);
        const source = readFileSync(file, 'utf8');
        for (const match of source.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)) {
          const [, , typeOnly, specifier] = match as unknown as [string, string, string | undefined, string];
          if (typeOnly) continue;
          if (specifier.startsWith('node:')) nodeImports.push(`${file}: ${specifier}`);
          if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
        }
      };
      visit(resolve(SRC, entry));
      expect(seen.size).toBeGreaterThan(5);
      expect(seen).toContain(resolve(SRC, 'webhooks/web-crypto.ts'));
      expect(nodeImports).toEqual([]);
    },
  );
});
