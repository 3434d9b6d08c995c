import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { KlarefiWebhookSignatureError } from '../../src/errors/signature.js';
import {
  MAX_SIGNATURE_HEADER_BYTES,
  parseSignatureHeader,
  SIGNATURE_HEADER,
} from '../../src/webhooks/header.js';
import {
  BODY,
  DECOY,
  ENVELOPE,
  expectRefusal,
  guardSecretsInMessages,
  hmacHex,
  IMPLS,
  NOW,
  NOW_S,
  SECRET,
} from './helpers.js';

guardSecretsInMessages();

const SIG = hmacHex(SECRET, NOW_S, BODY);
const VALID = `t=${NOW_S},v1=${SIG}`;

/** A valid header padded with ignored `v0` entries to exactly `length` characters. */
function paddedTo(length: number): string {
  const base = `${VALID},v0=`;
  return base + 'a'.repeat(length - base.length);
}

describe.each(IMPLS)('$name: strict header parsing', (impl) => {
  const accepted: [string, unknown][] = [
    ['the canonical form', VALID],
    ['whitespace around every part', ` t=${NOW_S} ,  v1=${SIG} `],
    ['a tab after the comma', `t=${NOW_S},\tv1=${SIG}`],
    ['v1 before t', `v1=${SIG},t=${NOW_S}`],
    ['a v0 next to a valid v1', `t=${NOW_S},v0=${DECOY},v1=${SIG}`],
    ['v2 and unknown schemes next to a valid v1', `v2=abc,t=${NOW_S},x-future=1,v1=${SIG}`],
    ['an array holding one header', [VALID]],
    [`a header of exactly ${MAX_SIGNATURE_HEADER_BYTES} characters`, paddedTo(MAX_SIGNATURE_HEADER_BYTES)],
  ];

  it.each(accepted)('accepts %s', async (_label, header) => {
    expect(await impl.construct(BODY, header, SECRET, NOW)).toEqual(ENVELOPE);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty string', ''],
    ['an empty array', []],
  ])('refuses a missing header (%s) with missing_header', async (_label, header) => {
    const error = await expectRefusal(impl.construct(BODY, header, SECRET, NOW), 'missing_header');
    expect(error.message).toContain(SIGNATURE_HEADER);
  });

  const malformed: [string, unknown][] = [
    ['an array of two headers', [VALID, VALID]],
    [`a header over ${MAX_SIGNATURE_HEADER_BYTES} characters`, paddedTo(MAX_SIGNATURE_HEADER_BYTES + 1)],
    ['a 64 KiB header', paddedTo(64 * 1024)],
    ['no t', `v1=${SIG}`],
    ['two identical t', `t=${NOW_S},t=${NOW_S},v1=${SIG}`],
    ['a stale t then a fresh t (Stripe: last wins)', `t=${NOW_S - 400},t=${NOW_S},v1=${SIG}`],
    ['t "123abc"', `t=123abc,v1=${SIG}`],
    ['t "<now>abc"', `t=${NOW_S}abc,v1=${SIG}`],
    ['t "abc"', `t=abc,v1=${SIG}`],
    ['t "-1"', `t=-1,v1=${SIG}`],
    ['t "1.5"', `t=1.5,v1=${SIG}`],
    ['t " " (blank)', `t= ,v1=${SIG}`],
    ['t "" (empty)', `t=,v1=${SIG}`],
    ['t with a space before the digits', `t= ${NOW_S},v1=${SIG}`],
    ['t in exponent form', `t=1.75e9,v1=${SIG}`],
    ['t with a plus sign', `t=+${NOW_S},v1=${SIG}`],
    ['t in non-ASCII digits', `t=١٧٥٠٠٠٠٠٠٠,v1=${SIG}`],
    ['a 400-digit t', `t=${'9'.repeat(400)},v1=${SIG}`],
    ['no v1', `t=${NOW_S}`],
    ['only a v0 signature', `t=${NOW_S},v0=${SIG}`],
    ['only a v2 signature', `t=${NOW_S},v2=${SIG}`],
    ['v1 of 63 hex digits', `t=${NOW_S},v1=${SIG.slice(1)}`],
    ['v1 of 65 hex digits', `t=${NOW_S},v1=${SIG}0`],
    ['v1 with a non-hex digit', `t=${NOW_S},v1=${SIG.slice(1)}g`],
    ['an empty v1', `t=${NOW_S},v1=`],
    ['v1 in uppercase hex', `t=${NOW_S},v1=${SIG.toUpperCase()}`],
    ['v1 in base64', `t=${NOW_S},v1=${Buffer.from(SIG, 'hex').toString('base64')}`],
    ['a junk v1 next to a valid one', `t=${NOW_S},v1=potato,v1=${SIG}`],
    ['a trailing comma (empty element)', `${VALID},`],
    ['a leading comma', `,${VALID}`],
    ['two commas in a row', `t=${NOW_S},,v1=${SIG}`],
    ['an element without "="', `${VALID},garbage`],
    ['an element with an empty key', `${VALID},=abc`],
    ['a key with a space inside', `t=${NOW_S},v 1=${SIG},v1=${SIG}`],
    ['a no-break space (not HTTP whitespace) before t', `\u00a0t=${NOW_S},v1=${SIG}`],
    ['Standard Webhooks form', `v1,${Buffer.from(SIG, 'hex').toString('base64')}`],
    ['free text', 'not a signature'],
    ['a number', 1_750_000_000],
    ['an object', { t: NOW_S, v1: SIG }],
  ];

  it.each(malformed)('refuses %s with malformed_header', async (_label, header) => {
    const error = await expectRefusal(impl.construct(BODY, header, SECRET, NOW), 'malformed_header');
    expect(error.message).toContain(SIGNATURE_HEADER);
  });

  it('refuses t=abc even with a signature over "NaN." (Stripe accepts it)', async () => {
    const overNaN = hmacHex(SECRET, 'NaN', BODY);
    await expectRefusal(impl.construct(BODY, `t=abc,v1=${overNaN}`, SECRET, NOW), 'malformed_header');
    await expectRefusal(impl.construct(BODY, `t=NaN,v1=${overNaN}`, SECRET, NOW), 'malformed_header');
  });

  it('refuses t=<now>abc whether the signature covers "<now>abc." or "<now>."', async () => {
    for (const signedT of [`${NOW_S}abc`, `${NOW_S}`]) {
      const header = `t=${NOW_S}abc,v1=${hmacHex(SECRET, signedT, BODY)}`;
      await expectRefusal(impl.construct(BODY, header, SECRET, NOW), 'malformed_header');
    }
  });

  it('never echoes a whole oversize header into the message', async () => {
    const error = await expectRefusal(
      impl.construct(BODY, paddedTo(64 * 1024), SECRET, NOW),
      'malformed_header',
    );
    expect(error.message.length).toBeLessThan(500);
  });
});

describe('parseSignatureHeader', () => {
  it('returns the timestamp, its text as sent, and every v1 in order', () => {
    const other = hmacHex('whsec_x', NOW_S, BODY);
    expect(parseSignatureHeader(`t=0${NOW_S}, v0=${DECOY}, v1=${SIG}, v1=${other}`)).toEqual({
      timestamp: NOW_S,
      timestampText: `0${NOW_S}`,
      signatures: [SIG, other],
    });
  });

  it('throws only KlarefiWebhookSignatureError for bad input', () => {
    for (const bad of [undefined, '', 't=1', 'v1=', [VALID, VALID], 7, Symbol('x')]) {
      expect(() => parseSignatureHeader(bad)).toThrow(KlarefiWebhookSignatureError);
    }
  });
});
