import { describe, expect, it } from 'vitest';
import {
  at,
  BODY,
  DECOY,
  ENVELOPE,
  expectConfigError,
  expectRefusal,
  guardSecretsInMessages,
  IMPLS,
  NOW_S,
  SECRET,
  signed,
} from './helpers.js';

guardSecretsInMessages();

describe.each(IMPLS)('$name: timestamp tolerance', (impl) => {
  const header = signed(BODY, SECRET, NOW_S);

  it('accepts a timestamp exactly 300 s old or 300 s ahead (the boundary is inclusive)', async () => {
    expect(await impl.construct(BODY, header, SECRET, at(NOW_S + 300))).toEqual(ENVELOPE);
    expect(await impl.construct(BODY, header, SECRET, at(NOW_S - 300))).toEqual(ENVELOPE);
  });

  it('refuses a timestamp 301 s old as a possible replay', async () => {
    const error = await expectRefusal(
      impl.construct(BODY, header, SECRET, at(NOW_S + 301)),
      'timestamp_outside_tolerance',
    );
    expect(error.message).toContain('301 s in the past');
    expect(error.message).toMatch(/held on its way \(a queue or proxy/);
    expect(error.message).toContain('300 s tolerance');
  });

  it('refuses a timestamp 301 s in the future (Stripe accepts any future time)', async () => {
    const error = await expectRefusal(
      impl.construct(BODY, header, SECRET, at(NOW_S - 301)),
      'timestamp_outside_tolerance',
    );
    expect(error.message).toContain('301 s in the future');
    expect(error.message).toContain("this server's clock runs behind");
  });

  it('refuses a timestamp ten years ahead', async () => {
    const future = signed(BODY, SECRET, NOW_S + 10 * 365 * 86_400);
    await expectRefusal(impl.construct(BODY, future, SECRET, at(NOW_S)), 'timestamp_outside_tolerance');
  });

  it('honours a custom toleranceSeconds on both sides', async () => {
    expect(await impl.construct(BODY, header, SECRET, at(NOW_S + 10, 10))).toEqual(ENVELOPE);
    expect(await impl.construct(BODY, header, SECRET, at(NOW_S - 10, 10))).toEqual(ENVELOPE);
    await expectRefusal(
      impl.construct(BODY, header, SECRET, at(NOW_S + 11, 10)),
      'timestamp_outside_tolerance',
    );
    await expectRefusal(
      impl.construct(BODY, header, SECRET, at(NOW_S - 11, 10)),
      'timestamp_outside_tolerance',
    );
    expect(await impl.construct(BODY, header, SECRET, at(NOW_S + 86_400, 86_400))).toEqual(ENVELOPE);
  });

  it('uses the injected clock rather than Date.now', async () => {
    const ancient = signed(BODY, SECRET, 1_000_000_000);
    expect(await impl.construct(BODY, ancient, SECRET, at(1_000_000_100))).toEqual(ENVELOPE);
    await expectRefusal(impl.construct(BODY, ancient, SECRET), 'timestamp_outside_tolerance');
  });

  it('uses the real clock by default', async () => {
    const fresh = await impl.testHeader({ payload: BODY, secret: SECRET });
    expect(await impl.construct(BODY, fresh, SECRET)).toEqual(ENVELOPE);
    expect(await impl.construct(BODY, fresh, SECRET, {})).toEqual(ENVELOPE);
  });

  it('checks the timestamp before the signature: a stale forged delivery costs no HMAC', async () => {
    const forged = `t=${NOW_S - 3600},v1=${DECOY}`;
    await expectRefusal(impl.construct(BODY, forged, SECRET, at(NOW_S)), 'timestamp_outside_tolerance');
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 0.5, '300', null])(
    'refuses toleranceSeconds %s with a KlarefiConfigError naming the option',
    async (toleranceSeconds) => {
      const options = { now: () => NOW_S * 1000, toleranceSeconds: toleranceSeconds as number };
      const error = await expectConfigError(impl.construct(BODY, header, SECRET, options));
      expect(error.message).toContain('toleranceSeconds');
    },
  );
});
