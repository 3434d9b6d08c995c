import { describeBrowser, launchBrowser } from '@klarefi/conformance/browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { createSession, manualClock, type Receiver, startReceiver } from './helpers.js';

const SECRET = 'whsec_browser_tests_0007';

describeBrowser('the hosted form in Chromium', () => {
  const clock = manualClock();
  let browser: Browser;
  let receiver: Receiver;
  let emu: RunningEmulator;

  beforeAll(async () => {
    receiver = await startReceiver(SECRET);
    emu = await startEmulator({ webhookSecret: SECRET, endpoints: [{ url: receiver.url }], now: clock.now });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await emu?.close();
    await receiver?.close();
  });

  async function next(page: Page, label: string) {
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: label, exact: true }).click(),
    ]);
  }

  it('English: every step, an upload, the submit, the return_url, and a verified webhook', async () => {
    const s = await createSession(emu, {
      locale: 'en-GB',
      return_url: `${receiver.origin}/claims/result`,
      external_case_id: 'CLM-en',
    });
    const page = await browser.newPage();
    await page.goto(s.signed_url);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('#kf-title').textContent()).toBe('Motor claim');
    await page.getByLabel('Date of the incident').fill('February 3, 2023');
    await page.getByLabel('Where did it happen?').fill('Damrak 1, Amsterdam');
    await page.getByLabel('Licence plate of your vehicle').fill('ab 123 c');
    await next(page, 'Next');
    await page.getByLabel('Estimated damage').fill('1,234.56 EUR');
    await page.getByLabel('What happened?').fill('Rear-ended at a traffic light.');
    await next(page, 'Next');
    await page.getByLabel(/Photos of the damage/).setInputFiles({
      name: 'police-report.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Police report\nPolicy number: POL-EN-1\n'),
    });
    await next(page, 'Upload');
    expect(await page.locator('[role=status]').textContent()).toBe('police-report.txt was uploaded.');
    expect(await page.locator('#kf-documents').textContent()).toContain('police-report.txt');
    await next(page, 'Next');
    expect(await page.locator('#review-incident_date').textContent()).toBe('February 3, 2023');
    expect(await page.locator('#review-documents').textContent()).toBe('1 document');
    await Promise.all([
      page.waitForURL(/\/claims\/result/),
      page.getByRole('button', { name: 'Submit claim' }).click(),
    ]);
    const landed = new URL(page.url());
    expect(landed.searchParams.get('session_id')).toBe(s.session_id);
    expect(landed.searchParams.get('case_id')).toBe(s.session_id);
    expect(await page.locator('#result').textContent()).toBe('Result page');

    const event = (await receiver.waitFor(
      (e) => e.event_type === 'v1.case.completed' && e.case_id === s.session_id,
    )) as any;
    expect(event.external_case_id).toBe('CLM-en');
    const f = event.data.features;
    expect(f.incident_date.candidates[0]).toMatchObject({
      value_raw: 'February 3, 2023',
      value_normalized: '2023-02-03',
    });
    expect(f.license_plate.candidates[0].value_normalized).toBe('AB-123-C');
    expect(f.damage_amount.candidates[0].value_normalized).toEqual({ amount: 1234.56, currency: 'EUR' });
    expect(f.policy_number.candidates[0].value_normalized).toBe('POL-EN-1');
    expect(f.policy_number.evidence[0].method).toBe('born_digital_text');
    expect(receiver.received.every((r) => r.error === undefined)).toBe(true);
    await page.close();
  });

  it('Dutch: labels and buttons in Dutch, the done page, and a second visit refused', async () => {
    const s = await createSession(emu, { locale: 'nl-NL' });
    const page = await browser.newPage();
    await page.goto(s.signed_url);
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(await page.locator('#kf-title').textContent()).toBe('Autoschade melden');
    await next(page, 'Volgende');
    expect(await page.locator('#kf-errors').textContent()).toContain('Vul “Datum van het incident” in.');
    await page.getByLabel('Datum van het incident').fill('3 februari 2023');
    await page.getByLabel('Waar is het gebeurd?').fill('Stationsplein 1, Utrecht');
    await page.getByLabel('Kenteken van uw voertuig').fill('AB 123 C');
    await next(page, 'Volgende');
    expect(await page.locator('.step').textContent()).toBe('Stap 2 van 4');
    await page.getByLabel('Geschatte schade').fill('€ 1.234,56');
    await page.getByLabel('Wat is er gebeurd?').fill('Aanrijding op de parkeerplaats.');
    await next(page, 'Volgende');
    await next(page, 'Volgende');
    expect(await page.locator('#review-damage_amount').textContent()).toBe('€ 1.234,56');
    await next(page, 'Claim indienen');
    expect(await page.locator('#kf-title').textContent()).toBe('Bedankt');
    expect(await page.locator('#kf-reference').textContent()).toBe(s.session_id);

    const event = (await receiver.waitFor(
      (e) => e.event_type === 'v1.case.completed' && e.case_id === s.session_id,
    )) as any;
    expect(event.data.features.incident_date.candidates[0]).toMatchObject({
      value_raw: '3 februari 2023',
      value_normalized: '2023-02-03',
    });
    expect(event.data.features.damage_amount.candidates[0].value_normalized).toEqual({
      amount: 1234.56,
      currency: 'EUR',
    });

    await page.goto(s.signed_url);
    expect(await page.locator('#kf-title').textContent()).toBe('Al ingediend');
    await page.close();
  });

  it('Dutch: an expired link shows the expiry page', async () => {
    const s = await createSession(emu, { locale: 'nl', ttl_hours: 1 });
    clock.advance(3_600_000);
    const page = await browser.newPage();
    const res = await page.goto(s.signed_url);
    expect(res?.status()).toBe(410);
    expect(await page.locator('#kf-title').textContent()).toBe('Deze link is verlopen');
    expect(await page.locator('#kf-message').textContent()).toMatch(/geldig tot .* UTC/);
    await page.close();
  });
});
