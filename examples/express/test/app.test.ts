import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { ClaimStore, exampleConfig } from '@klarefi/example-kit';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const event = sampleEnvelope();
    const delivery = signedDelivery(event, emulator.webhookSecret, { pretty: true });
    const ok = await request(app).post('/webhooks/klarefi').set(delivery.headers).send(delivery.body);
    expect({ status: ok.status, body: ok.body }).toEqual({ status: 200, body: { received: true } });
    expect(store.get(event.case_id as string)?.status).toBe('case.completed');

    const page = await request(app).get(`/claims/result?case_id=${event.case_id}`);
    expect(page.text).toContain('data-status="case.completed"');
    expect(page.text).toContain('2023-02-03');

    const unsigned = await request(app)
      .post('/webhooks/klarefi')
      .set('content-type', 'application/json')
      .send(delivery.body);
    expect(unsigned.status).toBe(400);
    expect(unsigned.body).toMatchObject({ error: { code: 'missing_header' } });
  });
});
