import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSignatureHeader, generateTestHeader } from '../../src/webhooks/node.js';
import { createSignatureHeaderAsync, generateTestHeaderAsync } from '../../src/webhooks/web-crypto.js';
import {
  at,
  BODY,
  ENVELOPE,
  expectConfigError,
  expectRefusal,
  guardSecretsInMessages,
  hmacHex,
  IMPLS,
  NOW,
  NOW_S,
  OLD_SECRET,
  OTHER_SECRET,
  SECRET,
  utf8,
} from './helpers.js';

guardSecretsInMessages();

/** anchors-webhooks.md A8: the Klarefi-style fixture, computed with Stripe's semantics. */
const VECTOR = {
  secret: 'whsec_test_secret',
  timestamp: 1_700_000_000,
  body: '{"id":"evt_1"}',
  v1: '248a374f50f943a28b0f6ab50faf9a7e7e29b710fa26df9fb1618b9bf8ea9c9a',
};
const VECTOR_HEADER = `t=${VECTOR.timestamp},v1=${VECTOR.v1}`;
const HEADER_FORMAT = /^t=\d+(,v1=[0-9a-f]{64})+$/;

describe('the fixed vector of anchors-webhooks.md A8', () => {
  it('is what node:crypto computes: HMAC-SHA256 keyed with the whole secret string', () => {
    const recomputed = createHmac('sha256', VECTOR.secret)
      .update(`${VECTOR.timestamp}.${VECTOR.body}`)
      .digest('hex');
    expect(recomputed).toBe(VECTOR.v1);
  });

  it.each(IMPLS)('$name signs it and verifies it', async (impl) => {
    expect(
      await impl.sign({ payload: VECTOR.body, secrets: VECTOR.secret, timestamp: VECTOR.timestamp }),
    ).toBe(VECTOR_HEADER);
    expect(
      await impl.testHeader({ payload: VECTOR.body, secret: VECTOR.secret, timestamp: VECTOR.timestamp }),
    ).toBe(VECTOR_HEADER);
    expect(await impl.construct(VECTOR.body, VECTOR_HEADER, VECTOR.secret, at(VECTOR.timestamp))).toEqual({
      id: 'evt_1',
    });
  });
});

describe.each(IMPLS)('$name: signing helpers', (impl) => {
  it('createSignatureHeader produces t=..,v1=.. over the exact bytes, which verifies', async () => {
    const header = await impl.sign({ payload: BODY, secrets: SECRET, timestamp: NOW_S });
    expect(header).toBe(`t=${NOW_S},v1=${hmacHex(SECRET, NOW_S, BODY)}`);
    expect(await impl.construct(BODY, header, SECRET, NOW)).toEqual(ENVELOPE);
  });

  it('signs bytes and the equivalent string alike', async () => {
    const fromBytes = await impl.sign({ payload: utf8(BODY), secrets: SECRET, timestamp: NOW_S });
    expect(fromBytes).toBe(await impl.sign({ payload: BODY, secrets: SECRET, timestamp: NOW_S }));
  });

  it('signs once per secret, in order, and each signature verifies alone', async () => {
    const secrets = [SECRET, OLD_SECRET, OTHER_SECRET];
    const header = await impl.sign({ payload: BODY, secrets, timestamp: NOW_S });
    expect(header).toMatch(HEADER_FORMAT);
    expect(header).toBe(`t=${NOW_S},${secrets.map((s) => `v1=${hmacHex(s, NOW_S, BODY)}`).join(',')}`);
    for (const secret of secrets) expect(await impl.construct(BODY, header, secret, NOW)).toEqual(ENVELOPE);
    await expectRefusal(impl.construct(BODY, header, 'whsec_not_one_of_them', NOW), 'no_matching_signature');
  });

  it('generateTestHeader defaults the timestamp to now, in seconds', async () => {
    const before = Math.floor(Date.now() / 1000);
    const header = await impl.testHeader({ payload: BODY, secret: SECRET });
    const after = Math.floor(Date.now() / 1000);
    expect(header).toMatch(HEADER_FORMAT);
    const t = Number(/^t=(\d+),/.exec(header)?.[1]);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(after);
    expect(await impl.construct(BODY, header, SECRET)).toEqual(ENVELOPE);
  });

  it('generateTestHeader equals createSignatureHeader with that one secret', async () => {
    expect(await impl.testHeader({ payload: BODY, secret: SECRET, timestamp: NOW_S })).toBe(
      await impl.sign({ payload: BODY, secrets: [SECRET], timestamp: NOW_S }),
    );
  });

  it('refuses a missing or blank secret with a KlarefiConfigError', async () => {
    await expectConfigError(impl.sign({ payload: BODY, secrets: '', timestamp: NOW_S }));
    await expectConfigError(impl.sign({ payload: BODY, secrets: [], timestamp: NOW_S }));
    await expectConfigError(impl.testHeader({ payload: BODY, secret: '  ', timestamp: NOW_S }));
  });

  it('refuses a payload that is not a string or bytes', async () => {
    await expectRefusal(
      impl.sign({ payload: { id: 'evt_1' } as never, secrets: SECRET, timestamp: NOW_S }),
      'invalid_payload_type',
    );
  });

  // A header that its own verifier calls malformed must not be produced: Date.now() / 1000 is the
  // usual slip, and t=1750000000.123 would only fail later, at verification, with a header error.
  it.each([
    ['a fraction', NOW_S + 0.5],
    ['NaN', Number.NaN],
    ['a negative number', -1],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('refuses %s as the timestamp with a KlarefiConfigError', async (_label, timestamp) => {
    const error = await expectConfigError(
      impl.sign({ payload: BODY, secrets: SECRET, timestamp: timestamp as number }),
    );
    expect(error.message).toContain('timestamp');
    await expectConfigError(
      impl.testHeader({ payload: BODY, secret: SECRET, timestamp: timestamp as number }),
    );
  });
});

describe('node:crypto and Web Crypto signers agree', () => {
  it('produce identical headers for identical input', async () => {
    for (const payload of [BODY, utf8(BODY), '', '\uFEFF{}', 'lone \uD800 surrogate']) {
      const input = { payload, secrets: [SECRET, OLD_SECRET], timestamp: NOW_S };
      expect(await createSignatureHeaderAsync(input)).toBe(createSignatureHeader(input));
    }
    expect(await generateTestHeaderAsync({ payload: BODY, secret: SECRET, timestamp: 1 })).toBe(
      generateTestHeader({ payload: BODY, secret: SECRET, timestamp: 1 }),
    );
  });
});
