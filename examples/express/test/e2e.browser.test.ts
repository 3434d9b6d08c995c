import { createServer } from 'node:http';
import { type ListeningServer, listenOnFreePort } from '@klarefi/conformance';
import {
  describeBrowser,
  launchBrowser,
  waitForClaimStatus,
  walkMotorClaimForm,
} from '@klarefi/conformance/browser';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { ClaimStore, exampleConfig } from '@klarefi/example-kit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';

describeBrowser('examples/express in a browser, against the emulator', () => {
  let emulator: RunningEmulator;
  let server: ListeningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const store = new ClaimStore();

  beforeAll(async () => {
    emulator = await startEmulator();
    const config = exampleConfig({
      PORT: '0',
      KLAREFI_API_KEY: emulator.apiKey,
      KLAREFI_API_BASE_URL: emulator.url,
      KLAREFI_WEBHOOK_SECRET: emulator.webhookSecret,
    });
    server = await listenOnFreePort(createServer(createApp(config, store)));
    emulator.addEndpoint({ url: `${server.url}/webhooks/klarefi` });
    browser = await launchBrowser();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await emulator?.close();
  });

  it('goes from the button through the hosted form to the result page with the verified case.completed', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await Promise.all([page.waitForURL(`${emulator.url}/s/**`), page.click('text=Start a claim')]);
    await walkMotorClaimForm(page, `${server.url}/claims/result?**`);

    // The result page refreshes itself until the signed webhook has arrived and been verified.
    await waitForClaimStatus(page, 'case.completed', { emulatorUrl: emulator.url });
    const caseId = new URL(page.url()).searchParams.get('case_id') ?? '';
    expect(await page.textContent('#claim-status')).toContain(caseId);
    expect(await page.textContent('tr[data-feature="incident_date"]')).toContain('2023-02-03');
    expect(store.get(caseId)?.events).toContain('case.completed');
  }, 60_000);
});
