import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { claimThroughApp, describeBrowser } from '@klarefi/conformance/browser';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { doctor } from 'klarefi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AstroServer, startAstro } from './astro-server.js';

let emulator: RunningEmulator;
let server: AstroServer;

// One server from the production build for the whole file: the start script, as a user runs it.
beforeAll(async () => {
  emulator = await startEmulator();
  server = await startAstro({
    KLAREFI_API_KEY: emulator.apiKey,
    KLAREFI_API_BASE_URL: emulator.url,
    KLAREFI_WEBHOOK_SECRET: emulator.webhookSecret,
  });
  emulator.addEndpoint({ url: `${server.url}/webhooks/klarefi` });
}, 180_000);

afterAll(async () => {
  await server?.close();
  await emulator?.close();
});

describe('the Astro example under its start script', () => {
  it('serves the home page with a start-claim button', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('href="/start-claim"');
  });

  it('redirects /start-claim with 303 to the hosted form, with a return_url back to the app', async () => {
    const res = await fetch(`${server.url}/start-claim`, { redirect: 'manual' });
    expect(res.status, server.output()).toBe(303);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.origin).toBe(emulator.url);
    const { sessions } = (await (await fetch(`${emulator.url}/_emulator/sessions`)).json()) as {
      sessions: Array<Record<string, unknown>>;
    };
    const session = sessions.find((s) => location.pathname.endsWith(String(s.session_id)));
    expect(session?.return_url).toBe(`${server.url}/claims/result`);
  });

  it('verifies the raw bytes of a delivery and refuses a forged one', async () => {
    const event = sampleEnvelope();
    const good = signedDelivery(event, emulator.webhookSecret, { pretty: true });
    const res = await fetch(`${server.url}/webhooks/klarefi`, { method: 'POST', ...good });
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body: { received: true } });
    const forged = signedDelivery(event, 'whsec_not_the_secret');
    expect((await fetch(`${server.url}/webhooks/klarefi`, { method: 'POST', ...forged })).status).toBe(401);
  });

  it('passes every check of klarefi doctor, the 900 KB body included', async () => {
    const report = await doctor(`${server.url}/webhooks/klarefi`, { secret: emulator.webhookSecret });
    expect(report.checks.filter((c) => c.verdict === 'fail').map((c) => c.id)).toEqual([]);
  });
});

describeBrowser('the Astro example in a browser, against the emulator', () => {
  it('goes from the button through the hosted form to the verified case.completed', async () => {
    const text = await claimThroughApp(server.url, emulator.url);
    expect(text).toContain('2023-02-03');
    expect(text).toContain('AB-123-C');
  }, 90_000);
});
