import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { submitClaim } from '@klarefi/example-kit/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configFor, type RunningExample, startExample } from './example.js';

let emulator: RunningEmulator;
let example: RunningExample | undefined;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
afterEach(async () => {
  await example?.app.close();
  example = undefined;
});

// The README runs the app on Express (main.ts); the same AppModule runs unchanged on Fastify.
describe.each(['express', 'fastify'] as const)('examples/nestjs on %s', (platform) => {
  it('shows the home page with a "Start a claim" button to /start-claim', async () => {
    example = await startExample(configFor(emulator), platform);
    const res = await fetch(`${example.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/<a [^>]*href="\/start-claim"[^>]*>Start a claim<\/a>/);
  });

  it("redirects /start-claim to the emulator's hosted form (303)", async () => {
    example = await startExample(configFor(emulator), platform);
    const res = await fetch(`${example.url}/start-claim`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^${emulator.url}/s/[0-9a-f-]{36}\\?token=`));
    const form = await fetch(location);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Motor claim');
  });

  it('records a verified webhook and shows it on the result page; refuses an unsigned one', async () => {
    example = await startExample(configFor(emulator), platform);
    // A real case: the handler's claim() reads it for its case type.
    const caseId = await submitClaim(emulator);
    const event = sampleEnvelope('v1.case.completed', { case_id: caseId, session_id: caseId });
    const delivery = signedDelivery(event, emulator.webhookSecret, { pretty: true });
    const ok = await fetch(`${example.url}/webhooks/klarefi`, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
    });
    expect({ status: ok.status, body: await ok.json() }).toEqual({ status: 200, body: { received: true } });
    expect(example.claims.store.get(event.case_id as string)?.status).toBe('case.completed');

    const page = await (await fetch(`${example.url}/claims/result?case_id=${event.case_id}`)).text();
    expect(page).toContain('data-status="case.completed"');
    expect(page).toContain('2023-02-03');
    expect(await (await fetch(`${example.url}/claims`)).text()).toContain(event.case_id as string);

    const unsigned = await fetch(`${example.url}/webhooks/klarefi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: delivery.body,
    });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ error: { code: 'missing_header' } });
  });
});
