import { describeBrowser, launchBrowser, waitForClaimStatus } from '@klarefi/conformance/browser';
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
    await Promise.all([page.waitForURL(`${example.url}/claims/result?**`), page.click('#kf-submit')]);

    // The result page refreshes itself until the signed webhook has arrived and been verified.
    await waitForClaimStatus(page, 'case.completed', { emulatorUrl: emulator.url });
    const caseId = new URL(page.url()).searchParams.get('case_id') ?? '';
    expect(await page.textContent('#claim-status')).toContain(caseId);
    expect(await page.textContent('tr[data-feature="incident_date"]')).toContain('2023-02-03');
    expect(example.claims.store.get(caseId)?.events).toContain('case.completed');
  }, 60_000);
});
