import {
  completeHostedForm,
  describeBrowser,
  launchBrowser,
  waitForClaimStatus,
} from '@klarefi/conformance/browser';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { ClaimStore, exampleConfig } from '@klarefi/example-kit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';

describeBrowser('examples/fastify in a browser, against the emulator', () => {
  let emulator: RunningEmulator;
  let app: FastifyInstance;
  let appUrl: string;
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
    app = createApp(config, store);
    appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    // The app's port is known only now, so its webhook endpoint is registered now.
    emulator.addEndpoint({ url: `${appUrl}/webhooks/klarefi` });
    browser = await launchBrowser();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await emulator?.close();
  });

  it('goes from the button through the hosted form to the result page with the verified case.completed', async () => {
    const page = await browser.newPage();
    await page.goto(`${appUrl}/`);
    await Promise.all([
      page.waitForURL(`${emulator.url}/s/**`),
      page.getByRole('link', { name: 'Start a claim' }).click(),
    ]);
    expect(await page.textContent('#kf-title')).toBe('Motor claim');

    // motor_claim's answers, incident date "3 februari 2023"; lands back on this app's return_url.
    await completeHostedForm(page);
    expect(page.url()).toMatch(new RegExp(`^${appUrl}/claims/result\\?`));

    // The result page refreshes itself until the signed webhook has arrived and been verified.
    await waitForClaimStatus(page, 'case.completed', { emulatorUrl: emulator.url });
    const caseId = new URL(page.url()).searchParams.get('case_id') ?? '';
    expect(caseId).not.toBe('');
    expect(await page.textContent('#claim-status')).toContain(caseId);
    expect(await page.textContent('tr[data-feature="incident_date"]')).toContain('2023-02-03');
    expect(store.get(caseId)?.events).toContain('case.completed');
  }, 60_000);
});
