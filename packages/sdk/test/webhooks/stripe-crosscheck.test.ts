import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { constructEvent, createSignatureHeader, generateTestHeader } from '../../src/webhooks/node.js';
import {
  constructEventAsync,
  createSignatureHeaderAsync,
  generateTestHeaderAsync,
} from '../../src/webhooks/web-crypto.js';
import { at, BODY, ENVELOPE, NOW_S, OLD_SECRET, SECRET, SEED } from './helpers.js';

// Stripe's verifier is an independent implementation of the same scheme: `t=<s>,v1=<hex>`,
// HMAC-SHA256 over `t.body`, keyed with the whole secret string. Agreement with it both ways
// shows that neither side has a private quirk.
const stripe = new Stripe('sk_test_x');
const subtle = Stripe.createSubtleCryptoProvider();

describe('our signatures verify with stripe', () => {
  it('constructEvent: a header from createSignatureHeader', () => {
    const header = createSignatureHeader({ payload: BODY, secrets: SECRET });
    expect(stripe.webhooks.constructEvent(BODY, header, SECRET)).toEqual(ENVELOPE);
    expect(stripe.webhooks.constructEvent(Buffer.from(BODY), header, SECRET)).toEqual(ENVELOPE);
  });

  it('constructEvent: a header from generateTestHeader, with the seed body', () => {
    const body = JSON.stringify(SEED, null, 2);
    const header = generateTestHeader({ payload: body, secret: SECRET });
    expect(stripe.webhooks.constructEvent(body, header, SECRET)).toEqual(SEED);
  });

  it('constructEvent: a rotation header with one v1 per secret verifies with either secret', () => {
    const header = createSignatureHeader({ payload: BODY, secrets: [SECRET, OLD_SECRET] });
    expect(stripe.webhooks.constructEvent(BODY, header, SECRET)).toEqual(ENVELOPE);
    expect(stripe.webhooks.constructEvent(BODY, header, OLD_SECRET)).toEqual(ENVELOPE);
    expect(() => stripe.webhooks.constructEvent(BODY, header, 'whsec_neither')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it('constructEventAsync on Web Crypto: a header from createSignatureHeaderAsync', async () => {
    const header = await createSignatureHeaderAsync({ payload: BODY, secrets: SECRET });
    expect(await stripe.webhooks.constructEventAsync(BODY, header, SECRET, undefined, subtle)).toEqual(
      ENVELOPE,
    );
    const test = await generateTestHeaderAsync({ payload: BODY, secret: SECRET });
    expect(await stripe.webhooks.constructEventAsync(BODY, test, SECRET, undefined, subtle)).toEqual(
      ENVELOPE,
    );
  });

  it('stripe refuses our header for a tampered body, as we do', () => {
    const header = createSignatureHeader({ payload: BODY, secrets: SECRET });
    expect(() => stripe.webhooks.constructEvent(`${BODY} `, header, SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });
});

describe("stripe's signatures verify with ours", () => {
  it('constructEvent: generateTestHeaderString with the real clock', () => {
    const header = stripe.webhooks.generateTestHeaderString({ payload: BODY, secret: SECRET });
    expect(constructEvent(BODY, header, SECRET)).toEqual(ENVELOPE);
    expect(constructEvent(Buffer.from(BODY), header, [OLD_SECRET, SECRET])).toEqual(ENVELOPE);
  });

  it('constructEvent: generateTestHeaderString with a fixed timestamp and our injected clock', () => {
    const header = stripe.webhooks.generateTestHeaderString({
      payload: BODY,
      secret: SECRET,
      timestamp: NOW_S,
    });
    expect(constructEvent(BODY, header, SECRET, at(NOW_S + 299))).toEqual(ENVELOPE);
  });

  it('constructEventAsync: generateTestHeaderStringAsync on Web Crypto', async () => {
    const header = await stripe.webhooks.generateTestHeaderStringAsync({
      payload: BODY,
      secret: SECRET,
      cryptoProvider: subtle,
    });
    expect(await constructEventAsync(BODY, header, SECRET)).toEqual(ENVELOPE);
    expect(constructEvent(BODY, header, SECRET)).toEqual(ENVELOPE);
  });

  it('the A8 vector is byte-for-byte the header stripe produces', () => {
    const input = { payload: '{"id":"evt_1"}', secret: 'whsec_test_secret', timestamp: 1_700_000_000 };
    expect(generateTestHeader(input)).toBe(stripe.webhooks.generateTestHeaderString(input));
  });
});

describe('agreement on arbitrary bodies and secrets (fast-check)', () => {
  const secret = fc.string({ minLength: 1, maxLength: 40 }).map((s) => `whsec_${s}`);
  const body = fc.jsonValue().map((v) => JSON.stringify({ v }));
  // Stripe reads timestamp 0 as "not given", so the range starts at 1.
  const unixSeconds = fc.integer({ min: 1, max: 4_000_000_000 });

  it('our header equals stripe’s for the same payload, secret and timestamp', () => {
    fc.assert(
      fc.property(body, secret, unixSeconds, (payload, key, timestamp) => {
        const ours = generateTestHeader({ payload, secret: key, timestamp });
        expect(ours).toBe(stripe.webhooks.generateTestHeaderString({ payload, secret: key, timestamp }));
      }),
      { numRuns: 300 },
    );
  });

  it('stripe verifies what we sign, and we verify what stripe signs', async () => {
    await fc.assert(
      fc.asyncProperty(body, secret, async (payload, key) => {
        const ours = await createSignatureHeaderAsync({ payload, secrets: key });
        expect(stripe.webhooks.constructEvent(payload, ours, key)).toEqual(JSON.parse(payload));
        const theirs = stripe.webhooks.generateTestHeaderString({ payload, secret: key });
        expect(constructEvent(payload, theirs, key)).toEqual(JSON.parse(payload));
        expect(await constructEventAsync(payload, theirs, key)).toEqual(JSON.parse(payload));
      }),
      { numRuns: 150 },
    );
  });
});
