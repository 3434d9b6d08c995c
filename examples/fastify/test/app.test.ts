import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { ClaimStore, exampleConfig } from '@klarefi/example-kit';
import { submitClaim } from '@klarefi/example-kit/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';

let emulator: RunningEmulator;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});
afterAll(() => emulator.close());

function appAgainstEmulator(store = new ClaimStore()): FastifyInstance {
  const config = exampleConfig({
    KLAREFI_API_KEY: emulator.apiKey,
    KLAREFI_API_BASE_URL: emulator.url,
    KLAREFI_WEBHOOK_SECRET: emulator.webhookSecret,
  });
  const app = createApp(config, store);
  apps.push(app);
  return app;
}

describe('examples/fastify', () => {
  it('shows the home page with a "Start a claim" button to /start-claim', async () => {
    const res = await appAgainstEmulator().inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<a [^>]*href="\/start-claim"[^>]*>Start a claim<\/a>/);
  });

  it("redirects /start-claim to the emulator's hosted form (303)", async () => {
    const res = await appAgainstEmulator().inject({
      method: 'GET',
      url: '/start-claim',
      headers: { host: 'claims.example.test' },
    });
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    expect(location).toMatch(new RegExp(`^${emulator.url}/s/[0-9a-f-]{36}\\?token=`));
    const form = await fetch(location);
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
    const ok = await app.inject({
      method: 'POST',
      url: '/webhooks/klarefi',
      headers: delivery.headers,
      payload: delivery.body,
    });
    expect({ status: ok.statusCode, body: ok.json() }).toEqual({ status: 200, body: { received: true } });
    expect(store.get(event.case_id as string)?.status).toBe('case.completed');

    const page = await app.inject({ method: 'GET', url: `/claims/result?case_id=${event.case_id}` });
    expect(page.body).toContain('data-status="case.completed"');
    expect(page.body).toContain('<code>motor_claim</code>');
    expect(page.body).toContain('2023-02-03');
    const claims = await app.inject({ method: 'GET', url: '/claims' });
    expect(claims.body).toContain(String(event.case_id));

    const unsigned = await app.inject({
      method: 'POST',
      url: '/webhooks/klarefi',
      headers: { 'content-type': 'application/json' },
      payload: delivery.body,
    });
    expect({ status: unsigned.statusCode, body: unsigned.json() }).toMatchObject({
      status: 400,
      body: { error: { code: 'missing_header' } },
    });
  });

  it("keeps the app's own form parser for its routes", async () => {
    const app = appAgainstEmulator();
    app.post('/echo', async (request) => request.body);
    const res = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'claim=1&note=form',
    });
    expect(res.json()).toEqual({ claim: '1', note: 'form' });
  });
});
