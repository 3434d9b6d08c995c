import { createServer } from 'node:http';
import { type ListeningServer, listenOnFreePort } from '@klarefi/conformance';
import { describeBrowser, launchBrowser, waitForClaimStatus } from '@klarefi/conformance/browser';
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
    expect(await page.textContent('#kf-title')).toBe('Motor claim');

    await page.fill('#incident_date', '3 februari 2023');
    await page.fill('#incident_location', 'Stationsplein 1, Utrecht');
    await page.fill('#license_plate', 'ab-123-c');
    await Promise.all([page.waitForURL(/step=2/), page.click('#kf-next')]);
    await page.fill('#damage_amount', '€ 1.234,56');
    await page.fill('#description', 'The other car reversed into my rear bumper.');
    await Promise.all([page.waitForURL(/step=3/), page.click('#kf-next')]);
    await Promise.all([page.waitForURL(/step=4/), page.click('#kf-next')]);
    expect(await page.textContent('#review-incident_date')).toBe('3 februari 2023');
    await Promise.all([page.waitForURL(`${server.url}/claims/result?**`), page.click('#kf-submit')]);

    // The result page refreshes itself until the signed webhook has arrived and been verified.
    await waitForClaimStatus(page, 'case.completed', { emulatorUrl: emulator.url });
    const caseId = new URL(page.url()).searchParams.get('case_id') ?? '';
    expect(await page.textContent('#claim-status')).toContain(caseId);
    expect(await page.textContent('tr[data-feature="incident_date"]')).toContain('2023-02-03');
    expect(store.get(caseId)?.events).toContain('case.completed');
  }, 60_000);
});
