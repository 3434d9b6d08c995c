import { createServer } from 'node:http';
import { listenOnFreePort, sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { ClaimStore, exampleConfig } from '@klarefi/example-kit';
import { submitClaim } from '@klarefi/example-kit/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

function appAgainstEmulator(store = new ClaimStore()) {
  const config = exampleConfig({
    KLAREFI_API_KEY: emulator.apiKey,
    KLAREFI_API_BASE_URL: emulator.url,
    KLAREFI_WEBHOOK_SECRET: emulator.webhookSecret,
  });
  return createApp(config, store);
}

describe('examples/express', () => {
  it('shows the home page with a "Start a claim" button to /start-claim', async () => {
    const res = await request(appAgainstEmulator()).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<a [^>]*href="\/start-claim"[^>]*>Start a claim<\/a>/);
  });

  it("redirects /start-claim to the emulator's hosted form (303)", async () => {
    const res = await request(appAgainstEmulator()).get('/start-claim').set('host', 'claims.example.test');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^${emulator.url}/s/[0-9a-f-]{36}\\?token=`));
    const form = await fetch(res.headers.location as string);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Motor claim');
  });

  it('records a verified webhook and shows it on the result page; refuses an unsigned one', async () => {
    const store = new ClaimStore();
    const app = appAgainstEmulator(store);
    // A real case: the handler's claim() reads it for its case type.
    const caseId = await submitClaim(emulator);
    const event = sampleEnvelope('v1.case.completed', { case_id: caseId, session_id: caseId });
    const delivery = signedDelivery(event, emulator.webhookSecret, { pretty: true });
    const ok = await request(app).post('/webhooks/klarefi').set(delivery.headers).send(delivery.body);
    expect({ status: ok.status, body: ok.body }).toEqual({ status: 200, body: { received: true } });
    expect(store.get(event.case_id as string)?.status).toBe('case.completed');

    const page = await request(app).get(`/claims/result?case_id=${event.case_id}`);
    expect(page.text).toContain('data-status="case.completed"');
    expect(page.text).toContain('2023-02-03');
    expect(page.text).toContain('<code>motor_claim</code>');

    const unsigned = await request(app)
      .post('/webhooks/klarefi')
      .set('content-type', 'application/json')
      .send(delivery.body);
    expect(unsigned.status).toBe(400);
    expect(unsigned.body).toMatchObject({ error: { code: 'missing_header' } });
  });
});

describe('examples/express with the documented thin body (data: { case_status } only)', () => {
  it('reads the case through claim() and shows its values, and a feature in review', async () => {
    const thin = await startEmulator({ thinBodies: true, retrySchedule: [] });
    const store = new ClaimStore();
    const config = exampleConfig({
      KLAREFI_API_KEY: thin.apiKey,
      KLAREFI_API_BASE_URL: thin.url,
      KLAREFI_WEBHOOK_SECRET: thin.webhookSecret,
    });
    const server = await listenOnFreePort(createServer(createApp(config, store)));
    try {
      thin.addEndpoint({ url: `${server.url}/webhooks/klarefi` });
      const completed = await submitClaim(thin, { damage_amount: '€ 1.234,56' });
      const inReview = await submitClaim(thin, { license_plate: 'NOPLATE' });
      const answered = (type: string, caseId: string) =>
        vi.waitFor(
          () => {
            const d = thin.deliveries.list().find((x) => x.event_type === type && x.case_id === caseId);
            if (d?.status !== 'succeeded') throw new Error(`${type} not answered yet`);
            return d;
          },
          { timeout: 10_000, interval: 25 },
        );
      const delivery = await answered('v1.case.completed', completed);
      expect(JSON.parse(delivery.body).data).toEqual({ case_status: 'completed' });
      await answered('v1.case.needs_review', inReview);

      const page = await (await fetch(`${server.url}/claims/result?case_id=${completed}`)).text();
      expect(page).toContain('data-status="case.completed"');
      expect(page).toContain('<code>motor_claim</code>');
      expect(page).toContain('EUR 1,234.56');
      expect(page).toContain('AB-123-C');

      const review = await (await fetch(`${server.url}/claims/result?case_id=${inReview}`)).text();
      expect(review).toContain('data-status="case.needs_review"');
      expect(review).toMatch(/<tr data-feature="license_plate" data-review="true">.*awaiting review/);
      expect(store.get(inReview)?.needsReview).toEqual(['license_plate']);
    } finally {
      await server.close();
      await thin.close();
    }
  });
});
