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
import { type LocalInvoker, localInvoker } from '../src/invoker.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
}, 30_000);
afterAll(() => emulator?.close());

const configFor = (e: RunningEmulator) =>
  exampleConfig({
    PORT: '0',
    KLAREFI_API_KEY: e.apiKey,
    KLAREFI_API_BASE_URL: e.url,
    KLAREFI_WEBHOOK_SECRET: e.webhookSecret,
  });

async function serve(invoker: LocalInvoker, store = new ClaimStore()): Promise<ListeningServer> {
  return listenOnFreePort(localInvoker(createHandler(configFor(emulator), store), { invoker }));
}

for (const invoker of ['rest', 'http', 'function-url'] as const) {
  describe(`examples/aws-lambda under the local invoker (${invoker} events)`, () => {
    it('serves the home page and redirects /start-claim to the hosted form', async () => {
      const server = await serve(invoker);
      try {
        const home = await fetch(`${server.url}/`);
        expect(await home.text()).toContain('href="/start-claim"');
        const res = await fetch(`${server.url}/start-claim`, { redirect: 'manual' });
        expect(res.status).toBe(303);
        expect(res.headers.get('location')?.startsWith(`${emulator.url}/s/`)).toBe(true);
      } finally {
        await server.close();
      }
    });

    it('verifies a delivery the invoker hands over base64-encoded', async () => {
      const store = new ClaimStore();
      const server = await serve(invoker, store);
      try {
        // A real case: the handler's claim() reads it for its case type.
        const caseId = await submitClaim(emulator);
        const event = sampleEnvelope('v1.case.completed', { case_id: caseId, session_id: caseId });
        const { body, headers } = signedDelivery(event, emulator.webhookSecret);
        const res = await fetch(`${server.url}/webhooks/klarefi`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/octet-stream' },
          body,
        });
        expect(res.status).toBe(200);
        expect(store.get(String(event.case_id))).toBeDefined();
        const forged = await fetch(`${server.url}/webhooks/klarefi`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/octet-stream' },
          body: body.replace('}', ' }'),
        });
        expect(forged.status).toBe(401);
      } finally {
        await server.close();
      }
    });
  });
}

describeBrowser('examples/aws-lambda in a browser, against the emulator', () => {
  for (const invoker of ['http', 'rest'] as const) {
    it(`goes through the hosted form to the verified case.completed (${invoker} events)`, async () => {
      const store = new ClaimStore();
      const server = await serve(invoker, store);
      emulator.addEndpoint({ url: `${server.url}/webhooks/klarefi` });
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
        await server.close();
      }
    }, 90_000);
  }
});
