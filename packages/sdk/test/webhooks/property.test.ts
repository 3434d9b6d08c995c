import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KlarefiWebhookSignatureError } from '../../src/errors/signature.js';
import { parseSignatureHeader } from '../../src/webhooks/header.js';
import { constructEvent } from '../../src/webhooks/node.js';
import { constructEventAsync } from '../../src/webhooks/web-crypto.js';
import { at, hmacHex, IMPLS, NOW_S } from './helpers.js';

const ASYNC_RUNS = { numRuns: 200 };
const NOW = at(NOW_S);

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const digits = fc.stringMatching(/^\d{1,16}$/);
const space = fc.constantFrom('', '', ' ', '\t');

/** Header-like text: mostly near-valid `key=value` lists, so the parser's deep branches are reached. */
const headerish = fc.oneof(
  fc
    .array(
      fc.tuple(
        space,
        fc.oneof(fc.constantFrom('t', 'v1', 'v0', 'v2', 'T', 'V1', ''), fc.string({ maxLength: 4 })),
        fc.constantFrom('=', '=', '==', ''),
        fc.oneof(
          digits,
          hex64,
          hex64.map((h) => h.toUpperCase()),
          fc.string({ maxLength: 70 }),
        ),
        space,
      ),
      { maxLength: 6 },
    )
    .map((parts) => parts.map((p) => p.join('')).join(',')),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
const anyHeader = fc.oneof(headerish, fc.array(headerish, { maxLength: 3 }), fc.anything());
const anyBody = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }),
  fc.json(),
  fc.anything(),
);
/** A usable secret: long and random enough that finding it inside a message would mean a leak. */
const secret = fc.string({ unit: 'binary', minLength: 16, maxLength: 40 }).map((s) => `whsec_${s}`);
/** A timestamp the verifier accepts. */
const freshT = fc.integer({ min: NOW_S - 300, max: NOW_S + 300 });

async function outcome(work: () => unknown): Promise<{ ok: unknown } | { error: unknown }> {
  try {
    return { ok: await work() };
  } catch (error) {
    return { error };
  }
}

function expectOnlySignatureError(
  result: { ok: unknown } | { error: unknown },
  secrets: string[] = [],
): void {
  if (!('error' in result)) return;
  expect(result.error).toBeInstanceOf(KlarefiWebhookSignatureError);
  for (const s of secrets) expect((result.error as Error).message).not.toContain(s);
}

describe('parseSignatureHeader on arbitrary input', () => {
  it('returns a well-formed result or throws only KlarefiWebhookSignatureError', () => {
    fc.assert(
      fc.property(anyHeader, (header) => {
        let parsed: ReturnType<typeof parseSignatureHeader>;
        try {
          parsed = parseSignatureHeader(header);
        } catch (error) {
          expect(error).toBeInstanceOf(KlarefiWebhookSignatureError);
          expect(['missing_header', 'malformed_header']).toContain(
            (error as KlarefiWebhookSignatureError).code,
          );
          return;
        }
        expect(parsed.timestampText).toMatch(/^\d+$/);
        expect(parsed.timestamp).toBe(Number(parsed.timestampText));
        expect(parsed.signatures.length).toBeGreaterThan(0);
        for (const s of parsed.signatures) expect(s).toMatch(/^[0-9a-f]{64}$/);
      }),
      { numRuns: 1000 },
    );
  });
});

describe.each(IMPLS)('$name on arbitrary input', (impl) => {
  it('throws nothing but KlarefiWebhookSignatureError, and never verifies an unsigned body', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, anyHeader, secret, async (body, header, key) => {
        const result = await outcome(() => impl.construct(body, header, key, NOW));
        expect(result).not.toHaveProperty('ok');
        expectOnlySignatureError(result, [key]);
      }),
      ASYNC_RUNS,
    );
  });

  it('never verifies a fresh, well-formed header whose signatures are random', async () => {
    const header = fc
      .tuple(freshT, fc.array(hex64, { minLength: 1, maxLength: 4 }))
      .map(([t, sigs]) => `t=${t},${sigs.map((s) => `v1=${s}`).join(',')}`);
    const body = fc.oneof(fc.string({ unit: 'binary' }), fc.uint8Array());
    await fc.assert(
      fc.asyncProperty(
        body,
        header,
        fc.array(secret, { minLength: 1, maxLength: 3 }),
        async (raw, h, keys) => {
          const result = await outcome(() => impl.construct(raw, h, keys, NOW));
          expect(result).toHaveProperty('error.code', 'no_matching_signature');
          expectOnlySignatureError(result, keys);
        },
      ),
      ASYNC_RUNS,
    );
  });

  it('always verifies a correctly signed JSON object, however formatted and delivered', async () => {
    const delivery = fc.record({
      value: fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })),
      indent: fc.constantFrom(undefined, 0, 1, 2, '\t'),
      bom: fc.boolean(),
      as: fc.constantFrom('string', 'buffer', 'bytes', 'arraybuffer'),
      t: freshT,
      keys: fc.array(secret, { minLength: 1, maxLength: 3 }),
      signer: fc.nat(),
      decoys: fc.array(hex64, { maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(delivery, async ({ value, indent, bom, as, t, keys, signer, decoys }) => {
        const text = JSON.stringify(value, null, indent);
        const sent = (bom ? '\uFEFF' : '') + text;
        const bytes = Buffer.from(sent, 'utf8');
        const body =
          as === 'string'
            ? sent
            : as === 'buffer'
              ? bytes
              : as === 'bytes'
                ? new Uint8Array(bytes)
                : new Uint8Array(bytes).buffer;
        const key = keys[signer % keys.length] as string;
        const v1 = [...decoys, hmacHex(key, t, bytes)].map((s) => `v1=${s}`);
        const header = `t=${t},v0=${'0'.repeat(64)},${v1.reverse().join(',')}`;
        expect(await impl.construct(body, header, keys, NOW)).toEqual(JSON.parse(text));
      }),
      ASYNC_RUNS,
    );
  });

  it('always accepts the signature of arbitrary signed bytes or text (only JSON may then fail)', async () => {
    const body = fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }));
    await fc.assert(
      fc.asyncProperty(body, secret, freshT, async (raw, key, t) => {
        const result = await outcome(() =>
          impl.construct(raw, `t=${t},v1=${hmacHex(key, t, raw)}`, key, NOW),
        );
        if ('error' in result) expect(result.error).toHaveProperty('code', 'invalid_json');
      }),
      ASYNC_RUNS,
    );
  });

  it('refuses a signed body with any single byte changed', async () => {
    const mutation = fc.record({
      bytes: fc.uint8Array({ minLength: 1, maxLength: 200 }),
      index: fc.nat(),
      flip: fc.integer({ min: 1, max: 255 }),
      key: secret,
      t: freshT,
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ bytes, index, flip, key, t }) => {
        const header = `t=${t},v1=${hmacHex(key, t, bytes)}`;
        const tampered = bytes.slice();
        const i = index % tampered.length;
        tampered[i] = (tampered[i] as number) ^ flip;
        const result = await outcome(() => impl.construct(tampered, header, key, NOW));
        expect(result).toHaveProperty('error.code', 'no_matching_signature');
      }),
      ASYNC_RUNS,
    );
  });

  it('refuses a signature with any single hex digit changed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.json(),
        secret,
        fc.nat(63),
        fc.integer({ min: 1, max: 15 }),
        async (body, key, i, add) => {
          const sig = hmacHex(key, NOW_S, body);
          const digit = ((Number.parseInt(sig[i] as string, 16) + add) % 16).toString(16);
          const header = `t=${NOW_S},v1=${sig.slice(0, i)}${digit}${sig.slice(i + 1)}`;
          const result = await outcome(() => impl.construct(body, header, key, NOW));
          expect(result).toHaveProperty('error.code', 'no_matching_signature');
        },
      ),
      ASYNC_RUNS,
    );
  });
});

describe('node:crypto and Web Crypto verifiers agree', () => {
  it('give the same event or the same error code for any input, signed or not', async () => {
    const input = fc.record({
      body: fc.oneof(
        fc.json(),
        fc.string({ unit: 'binary', maxLength: 100 }),
        fc.uint8Array({ maxLength: 100 }),
      ),
      key: secret,
      t: fc.integer({ min: NOW_S - 400, max: NOW_S + 400 }),
      header: fc.option(headerish, { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ body, key, t, header }) => {
        const h = header ?? `t=${t},v1=${hmacHex(key, t, body)}`;
        const sync = await outcome(() => constructEvent(body, h, key, NOW));
        const web = await outcome(() => constructEventAsync(body, h, key, NOW));
        const summary = (r: typeof sync) =>
          'ok' in r ? { ok: r.ok } : { code: (r.error as KlarefiWebhookSignatureError).code };
        expect(summary(web)).toEqual(summary(sync));
      }),
      ASYNC_RUNS,
    );
  });
});
