import { type ListeningServer, listenOnFreePort, sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import {
  describeBrowser,
  launchBrowser,
  waitForClaimStatus,
  walkMotorClaimForm,
} from '@klarefi/conformance/browser';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { submitClaim } from '@klarefi/example-kit/testing';
import { ClaimStore, exampleConfig } from '@klarefi/example-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../src/function.js';
import { localHost } from '../src/host.js';

let emulator: RunningEmulator;
let server: ListeningServer;
const store = new ClaimStore();

beforeAll(async () => {
  emulator = await startEmulator();
  const config = exampleConfig({
    PORT: '0',
    KLAREFI_API_KEY: emulator.apiKey,
    KLAREFI_API_BASE_URL: emulator.url,
    KLAREFI_WEBHOOK_SECRET: emulator.webhookSecret,
  });
  server = await listenOnFreePort(localHost(createHandler(config, store)));
  emulator.addEndpoint({ url: `${server.url}/webhooks/klarefi` });
}, 30_000);
afterAll(async () => {
  await server?.close();
  await emulator?.close();
});

describe('examples/azure-functions under the local host stand-in', () => {
  it('serves the home page and redirects /start-claim to the hosted form', async () => {
    expect(await (await fetch(`${server.url}/`)).text()).toContain('href="/start-claim"');
    const res = await fetch(`${server.url}/start-claim`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')?.startsWith(`${emulator.url}/s/`)).toBe(true);
  });

  it('verifies a delivery and refuses a forged one', async () => {
    // A real case: the handler's claim() reads it for its case type.
    const caseId = await submitClaim(emulator);
    const event = sampleEnvelope('v1.case.completed', { case_id: caseId, session_id: caseId });
    const { body, headers } = signedDelivery(event, emulator.webhookSecret);
    const ok = await fetch(`${server.url}/webhooks/klarefi`, { method: 'POST', headers, body });
    expect(ok.status).toBe(200);
    expect(store.get(String(event.case_id))).toBeDefined();
    const forged = await fetch(`${server.url}/webhooks/klarefi`, {
      method: 'POST',
      headers,
      body: body.replace('}', ' }'),
    });
    expect(forged.status).toBe(401);
  });
});

describeBrowser('examples/azure-functions in a browser, against the emulator', () => {
  it('goes through the hosted form to the verified case.completed', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/`);
      await Promise.all([page.waitForURL(`${emulator.url}/s/**`), page.click('text=Start a claim')]);
      await walkMotorClaimForm(page, `${server.url}/claims/result?**`);
      await waitForClaimStatus(page, 'case.completed', { emulatorUrl: emulator.url });
      const caseId = new URL(page.url()).searchParams.get('case_id') ?? '';
      expect(await page.textContent('tr[data-feature="incident_date"]')).toContain('2023-02-03');
      expect(store.get(caseId)?.events).toContain('case.completed');
    } finally {
      await browser.close();
    }
  }, 90_000);
});
