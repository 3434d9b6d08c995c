// The Hono example tested the way an integrator tests their own app with @klarefi/testing: the
// claimant walks the hosted form over HTTP and the emulator delivers into app.fetch, no browser and
// no port. The browser test (app.test.ts) stays for what only a browser shows.
import { ClaimStore, exampleConfig } from '@klarefi/example-kit';
import { useKlarefi } from '@klarefi/testing/vitest';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';

const klarefi = useKlarefi();
const store = new ClaimStore();
let app: Hono;
beforeAll(() => {
  app = createApp(exampleConfig({ ...klarefi.env, PORT: '0' }), store);
  klarefi.forwardTo(app);
});

async function startClaim(): Promise<string> {
  const res = await app.request('/start-claim', { headers: { host: 'shop.test:3000' } });
  expect(res.status).toBe(303);
  return res.headers.get('location') ?? '';
}

describe('the Hono example with @klarefi/testing', () => {
  it('a submitted claim lands on the result page with its normalised values', async () => {
    const claim = await klarefi.claimant(await startClaim()).submit({ incident_date: '3 februari 2023' });
    expect(claim.redirectedTo).toBe(
      `http://shop.test:3000/claims/result?session_id=${claim.caseId}&case_id=${claim.caseId}`,
    );
    const delivery = await klarefi.deliveries.waitFor('case.completed', { caseId: claim.caseId });
    expect(delivery.response?.status).toBe(200);
    const result = await (await app.request(`/claims/result?case_id=${claim.caseId}`)).text();
    expect(result).toContain('2023-02-03');
  });

  it('a duplicate delivery reaches the claim store once', async () => {
    klarefi.faults.add({ match: 'case.completed', duplicate: 'concurrent' });
    const claim = await klarefi.claimant(await startClaim()).submit();
    const delivery = await klarefi.deliveries.waitFor('case.completed', { caseId: claim.caseId });
    expect(delivery.attempts).toHaveLength(2);
    const events = store.get(claim.caseId)?.events ?? [];
    expect(events.filter((name) => name.endsWith('case.completed'))).toHaveLength(1);
  });

  it('a delivery from a clock 400 s off is refused, then processed when the clock is right', async () => {
    klarefi.faults.add({ match: 'case.completed', clockSkewSeconds: 400, attempts: 1 });
    const claim = await klarefi.claimant(await startClaim()).submit();
    await klarefi.deliveries.waitFor('case.completed', { caseId: claim.caseId }, { status: 401 });
    await klarefi.clock.advance('10s');
    const retried = await klarefi.deliveries.waitFor(
      'case.completed',
      { caseId: claim.caseId },
      { status: 200 },
    );
    expect(retried.attempts.map((a) => a.status)).toEqual([401, 200]);
  });
});
