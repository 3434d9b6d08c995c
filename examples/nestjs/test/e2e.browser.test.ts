import {
  describeBrowser,
  launchBrowser,
  waitForClaimStatus,
  walkMotorClaimForm,
} from '@klarefi/conformance/browser';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configFor, type RunningExample, startExample } from './example.js';

describeBrowser('examples/nestjs in a browser, against the emulator', () => {
  let emulator: RunningEmulator;
  let example: RunningExample;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    emulator = await startEmulator();
    example = await startExample(configFor(emulator));
    emulator.addEndpoint({ url: `${example.url}/webhooks/klarefi` });
    browser = await launchBrowser();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await example?.app.close();
    await emulator?.close();
  });

  it('goes from the button through the hosted form to the result page with the verified case.completed', async () => {
    const page = await browser.newPage();
    await page.goto(`${example.url}/`);
    await Promise.all([page.waitForURL(`${emulator.url}/s/**`), page.click('text=Start a claim')]);
    await walkMotorClaimForm(page, `${example.url}/claims/result?**`);

    // The result page refreshes itself until the signed webhook has arrived and been verified.
    await waitForClaimStatus(page, 'case.completed', { emulatorUrl: emulator.url });
    const caseId = new URL(page.url()).searchParams.get('case_id') ?? '';
    expect(await page.textContent('#claim-status')).toContain(caseId);
    expect(await page.textContent('tr[data-feature="incident_date"]')).toContain('2023-02-03');
    expect(example.claims.store.get(caseId)?.events).toContain('case.completed');
  }, 60_000);
});
