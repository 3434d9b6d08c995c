import {
  describeBrowser,
  launchBrowser,
  waitForClaimStatus,
  walkMotorClaimForm,
} from '@klarefi/conformance/browser';
import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { submitClaim } from '@klarefi/example-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfNeeded } from '../scripts/start.mjs';
import { type NextServer, startNext } from './next-server.js';

let emulator: RunningEmulator;
let server: NextServer;

// One `next build` per run at most (skipped when .next holds a build of these sources), one `next start`.
beforeAll(async () => {
  emulator = await startEmulator();
  buildIfNeeded();
  server = await startNext({
    KLAREFI_API_KEY: emulator.apiKey,
    KLAREFI_API_BASE_URL: emulator.url,
    KLAREFI_WEBHOOK_SECRET: emulator.webhookSecret,
  });
  emulator.addEndpoint({ url: `${server.url}/webhooks/klarefi` });
}, 240_000);

afterAll(async () => {
  await server?.close();
  await emulator?.close();
});

describe('the Next.js example under next start', () => {
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
    // A real case: the handler's claim() reads it for its case type.
    const caseId = await submitClaim(emulator);
    const event = sampleEnvelope('v1.case.completed', { case_id: caseId, session_id: caseId });
    const good = signedDelivery(event, emulator.webhookSecret, { pretty: true });
    const res = await fetch(`${server.url}/webhooks/klarefi`, { method: 'POST', ...good });
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body: { received: true } });
    const forged = signedDelivery(event, 'whsec_not_the_secret');
    expect((await fetch(`${server.url}/webhooks/klarefi`, { method: 'POST', ...forged })).status).toBe(401);
  });
});

describeBrowser('the Next.js example in a browser, against the emulator', () => {
  it('goes from the button through the hosted form to the verified case.completed', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/`);
      await Promise.all([page.waitForURL(`${emulator.url}/s/**`), page.click('text=Start a claim')]);
      await walkMotorClaimForm(page, `${server.url}/claims/result?**`);
      await waitForClaimStatus(page, 'case.completed', { emulatorUrl: emulator.url });
      const caseId = new URL(page.url()).searchParams.get('case_id') ?? '';
      expect(await page.textContent('#claim-status')).toContain(caseId);
      // The extracted incident date (the kit chooses how to format it).
      expect(await page.textContent('tr[data-feature="incident_date"]')).toMatch(/2023/);
      await page.goto(`${server.url}/claims`);
      expect(await page.textContent('body')).toContain(caseId);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
