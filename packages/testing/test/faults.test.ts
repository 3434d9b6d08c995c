import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type KlarefiTest, startKlarefiTest } from '../src/index.js';
import { honoApp } from './app.js';

// One emulator and one app for the file; each test starts a claim of its own and reset() forgets
// the previous test's faults and deliveries.
let klarefi: KlarefiTest;
let app: ReturnType<typeof honoApp>;
beforeAll(async () => {
  klarefi = await startKlarefiTest();
  app = honoApp(klarefi);
  klarefi.forwardTo(app.app);
});
afterAll(() => klarefi.close());
beforeEach(() => {
  klarefi.reset();
  app.completed.length = 0;
  app.order.length = 0;
});

async function claim() {
  return klarefi.claimant(await app.startClaim()).submit();
}

describe('an app on @klarefi/hono answers each fault correctly', () => {
  it('the clean path: 200 and the handler once', async () => {
    const { caseId } = await claim();
    const delivery = await klarefi.deliveries.waitFor('case.completed', { caseId });
    expect(delivery.response?.status).toBe(200);
    expect(delivery.attempts).toHaveLength(1);
    expect(app.completed).toEqual([caseId]);
  });

  it.each(['sequential', 'concurrent'] as const)('duplicate %s → the handler runs once', async (mode) => {
    klarefi.faults.add({ match: 'case.completed', duplicate: mode });
    const { caseId } = await claim();
    const delivery = await klarefi.deliveries.waitFor('case.completed', { caseId });
    expect(delivery.attempts.map((a) => a.faults)).toEqual([[`duplicate:${mode}`], [`duplicate:${mode}`]]);
    // Sequential: the copy is a processed duplicate (200). Concurrent: 200, or 409 while the first runs.
    expect(delivery.attempts.map((a) => a.status).sort()).toEqual(
      mode === 'sequential' ? [200, 200] : expect.arrayContaining([200]),
    );
    expect(app.completed).toEqual([caseId]);
  });

  it.each([
    ['body: reserialised', { body: 'reserialised' }],
    ['body: bom', { body: 'bom' }],
    ['body: crlf', { body: 'crlf' }],
    ['clockSkewSeconds: 400', { clockSkewSeconds: 400 }],
    ['clockSkewSeconds: -400', { clockSkewSeconds: -400 }],
    ['signWith: wrong-secret', { signWith: 'wrong-secret' }],
  ] as const)('%s → 401 and the handler never runs', async (_name, fault) => {
    klarefi.faults.add({ match: 'case.completed', ...fault });
    const { caseId } = await claim();
    const delivery = await klarefi.deliveries.waitFor('case.completed', { caseId });
    expect(delivery.response?.status).toBe(401);
    expect(delivery.status).toBe('pending');
    expect(app.completed).toEqual([]);
  });

  it('signWith: previous-secret with both secrets configured → 200', async () => {
    klarefi.faults.add({ match: 'case.completed', signWith: 'previous-secret' });
    const { caseId } = await claim();
    const delivery = await klarefi.deliveries.waitFor('case.completed', { caseId });
    expect(delivery.response?.status).toBe(200);
    expect(delivery.attempts[0]?.faults).toEqual(['signWith:previous-secret']);
    expect(app.completed).toEqual([caseId]);
  });

  it('reorder → both events arrive, the later one first', async () => {
    klarefi.faults.add({ match: 'case.processing', reorder: true });
    const { caseId } = await claim();
    await klarefi.deliveries.waitFor('case.processing', { caseId });
    const processing = app.order.indexOf('v1.case.processing');
    const completed = app.order.indexOf('v1.case.completed');
    expect(processing).toBeGreaterThan(-1);
    expect(completed).toBeGreaterThan(-1);
    expect(completed).toBeLessThan(processing);
  });

  it('a fault limited to the first attempt: the retry, brought forward by the clock, is processed once', async () => {
    klarefi.faults.add({ match: 'case.completed', body: 'reserialised', attempts: 1 });
    const { caseId } = await claim();
    await klarefi.deliveries.waitFor('case.completed', { caseId }, { status: 401 });
    // The first retry is due in about 5 s ('service' schedule); a 10 s move is well inside the app's
    // 300 s signature tolerance.
    await klarefi.clock.advance('10s');
    const delivery = await klarefi.deliveries.waitFor('case.completed', { caseId }, { status: 200 });
    expect(delivery.attempts.map((a) => [a.status, a.faults])).toEqual([
      [401, ['body:reserialised']],
      [200, []],
    ]);
    expect(app.completed).toEqual([caseId]);
  });

  it('replay(id) sends the same delivery again; the app answers it as a duplicate', async () => {
    const { caseId } = await claim();
    const first = await klarefi.deliveries.waitFor('case.completed', { caseId });
    const replayed = await klarefi.deliveries.replay(first.deliveryId);
    expect(replayed.attempts.map((a) => [a.status, a.replay])).toEqual([
      [200, false],
      [200, true],
    ]);
    expect(app.completed).toEqual([caseId]);
  });

  it('handle.remove() stops a fault before it binds', async () => {
    klarefi.faults.add({ match: 'case.completed', body: 'bom' }).remove();
    const { caseId } = await claim();
    expect((await klarefi.deliveries.waitFor('case.completed', { caseId })).response?.status).toBe(200);
  });
});

describe('the claimant', () => {
  it('invalid answers fail with the form’s own messages', async () => {
    const url = await app.startClaim();
    const refused = klarefi.claimant(url).submit({ incident_date: 'not a date at all' });
    await expect(refused).rejects.toMatchObject({ code: 'invalid_answers' });
    const error = (await refused.catch((e: unknown) => e)) as { fieldErrors: Record<string, string> };
    expect(Object.keys(error.fieldErrors)).toEqual(['incident_date']);
    expect(error.fieldErrors.incident_date).toMatch(/date/i);
  });

  it('answers, documents and a Dutch persona reach the case', async () => {
    const url = await app.startClaim();
    const claim = await klarefi
      .claimant(url)
      .submit(
        { license_plate: 'XY-987-Z' },
        { locale: 'nl', documents: [{ name: 'schade.txt', content: 'Schade op 3 februari 2023.' }] },
      );
    expect(claim.answers).toMatchObject({ license_plate: 'XY-987-Z', incident_date: '3 februari 2023' });
    const delivery = await klarefi.deliveries.waitFor('case.completed', { caseId: claim.caseId });
    const features = (
      delivery.event.data as {
        features: Record<string, { candidates: Array<{ value_normalized: unknown }> }>;
      }
    ).features;
    expect(features.incident_date?.candidates[0]?.value_normalized).toBe('2023-02-03');
    expect(features.license_plate?.candidates[0]?.value_normalized).toBe('XY-987-Z');
  });

  it('a second submit of the same link is refused as already submitted', async () => {
    const url = await app.startClaim();
    await klarefi.claimant(url).submit();
    await expect(klarefi.claimant(url).submit()).rejects.toMatchObject({ code: 'already_submitted' });
  });

  it('a wait that runs out names what did arrive', async () => {
    const { caseId } = await claim();
    await klarefi.deliveries.waitFor('case.completed', { caseId });
    const late = klarefi.deliveries.waitFor('case.failed', { caseId }, { timeoutMs: 200 });
    await expect(late).rejects.toMatchObject({ code: 'timeout' });
    await expect(late).rejects.toThrow(/v1\.case\.completed whd_\w+ case [\w-]+ → 200/);
  });

  it('options in the filter position are refused with the fix', async () => {
    await expect(klarefi.deliveries.waitFor('case.completed', { timeoutMs: 10 } as never)).rejects.toThrow(
      /third argument/,
    );
  });
});

describe('the clock', () => {
  // Its own emulator: moving the clock 72 h also moves signature timestamps 72 h past the app's.
  it('clock.advance expires the session: the signed URL answers as expired', async () => {
    const own = await startKlarefiTest();
    try {
      const session = await own.createSession({ case_type_id: 'motor_claim', ttl_hours: 1 });
      await own.clock.advance('72h');
      const refused = own.claimant(session.signed_url).submit();
      await expect(refused).rejects.toMatchObject({ name: 'KlarefiTestError', code: 'session_expired' });
      await expect(refused).rejects.toThrow(/expired/);
      expect((await fetch(session.signed_url)).status).toBe(410);
      expect(own.clock.now().getTime() - Date.now()).toBeGreaterThan(71 * 3_600_000);
    } finally {
      await own.close();
    }
  });
});
