import { join } from 'node:path';
import { describeBrowser, launchBrowser } from '@klarefi/conformance/browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { enterIn, expectAccessible, expectNoHorizontalOverflow, screenshotDir } from './browser-audit.js';
import { createSession, type Receiver, startReceiver } from './helpers.js';

const SECRET = 'whsec_browser_walk_0042';
const WIDTHS = [1280, 390] as const;

describeBrowser('the hosted form, step by step, at 1280 px and 390 px', () => {
  let browser: Browser;
  let receiver: Receiver;
  let emu: RunningEmulator;
  const dir = screenshotDir();

  beforeAll(async () => {
    console.log(`hosted-form screenshots: ${dir}`);
    receiver = await startReceiver(SECRET);
    emu = await startEmulator({ webhookSecret: SECRET, endpoints: [{ url: receiver.url }] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await emu?.close();
    await receiver?.close();
  });

  /** A page that records what a claimant's browser would complain about. */
  async function openPage(width: number) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    const posts: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url());
    });
    return { page, context, problems, posts };
  }

  async function look(page: Page, name: string) {
    await expectNoHorizontalOverflow(page, name);
    await expectAccessible(page, name);
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
    // What the first screen shows, readable at a glance on a long page.
    await page.screenshot({ path: join(dir, `${name}-screen.png`) });
  }

  for (const width of WIDTHS) {
    it(`English at ${width} px: errors, Enter, upload, review, Change, submit`, async () => {
      const s = await createSession(emu, { locale: 'en', return_url: `${receiver.origin}/claims/result` });
      const { page, context, problems, posts } = await openPage(width);
      await page.goto(s.signed_url);
      await look(page, `en-${width}-1-questions`);

      // Errors: Next with nothing filled in, then an impossible date.
      await Promise.all([page.waitForURL(/step=1$/), page.click('#kf-next')]);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('kf-errors');
      await page.fill('#incident_date', '31-02-2025');
      await enterIn(page, '#incident_date', /step=1$/);
      expect(await page.textContent('#incident_date-error')).toContain(
        'must be a real date, for example 03-02-2025',
      );
      const red = await page.$eval('#incident_date', (e) => getComputedStyle(e).borderTopColor);
      expect(red).toBe('rgb(212, 53, 28)');
      const message = await page.locator('#incident_date-error').boundingBox();
      const input = await page.locator('#incident_date').boundingBox();
      expect(message!.y).toBeLessThan(input!.y);
      await look(page, `en-${width}-1-errors`);
      // Post-redirect-get: a refresh shows the step again without posting it.
      const postsBefore = posts.length;
      await page.reload();
      expect(posts.length).toBe(postsBefore);

      await page.fill('#incident_date', '3 February 2025');
      await page.fill('#incident_location', 'Damrak 1, Amsterdam');
      await page.fill('#license_plate', 'ab 123 c');
      await enterIn(page, '#incident_location', /step=2$/);

      await look(page, `en-${width}-2-questions`);
      await page.fill('#damage_amount', '1,250.00');
      await page.fill('#description', 'Rear-ended at a traffic light.');
      await page.fill('#email', 'jan@example.com');
      await enterIn(page, '#damage_amount', /step=3$/);

      await look(page, `en-${width}-3-documents`);
      await page.setInputFiles('#kf-document', {
        name: 'police-report.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('Police report\nPolicy number: POL-WALK-1\n'),
      });
      expect(await page.textContent('#kf-file-name')).toBe('police-report.txt');
      await Promise.all([page.waitForURL(/uploaded=/), page.click('#kf-upload')]);
      await look(page, `en-${width}-3-uploaded`);
      await Promise.all([page.waitForURL(/step=4$/), page.click('#kf-next')]);

      await look(page, `en-${width}-4-review`);
      const narrowest = await page.$$eval('.summary-list__value', (cells) =>
        Math.min(...cells.map((c) => c.getBoundingClientRect().width)),
      );
      expect(narrowest).toBeGreaterThanOrEqual(width / 3);
      expect(await page.textContent('#review-damage_amount')).toBe('1,250.00');

      // Change → Next comes back to the review.
      const change = page.locator('#kf-review a', { hasText: 'Where did it happen?' });
      expect(await change.textContent()).toBe('Change Where did it happen?');
      await Promise.all([page.waitForURL(/step=1&return=review$/), change.click()]);
      await page.fill('#incident_location', 'Dam 1, Amsterdam');
      await enterIn(page, '#incident_location', /step=4$/);
      expect(await page.textContent('#review-incident_location')).toBe('Dam 1, Amsterdam');

      await Promise.all([page.waitForURL(/\/claims\/result/), page.click('#kf-submit')]);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('Dutch at 390 px: every string, the file input and the done page in Dutch', async () => {
    const s = await createSession(emu, { locale: 'nl-NL' });
    const { page, context, problems } = await openPage(390);
    await page.goto(s.signed_url);
    await Promise.all([page.waitForURL(/step=1$/), page.click('#kf-next')]);
    expect(await page.textContent('#kf-errors')).toContain('Vul “Datum van het incident” in.');
    await look(page, 'nl-390-1-errors');
    await page.fill('#incident_date', '3 februari 2025');
    await page.fill('#incident_location', 'Stationsplein 1, Utrecht');
    await page.fill('#license_plate', 'AB-123-C');
    await enterIn(page, '#license_plate', /step=2$/);
    await page.fill('#damage_amount', '€ 1.250,00');
    await page.fill('#description', 'Aanrijding op de parkeerplaats.');
    await page.fill('#phone', 'bel me');
    await enterIn(page, '#damage_amount', /step=2$/);
    expect(await page.textContent('#phone-error')).toContain('moet een telefoonnummer in cijfers zijn');
    await look(page, 'nl-390-2-errors');
    await page.fill('#phone', '06 12345678');
    await enterIn(page, '#phone', /step=3$/);
    expect(await page.textContent('label[for="kf-document"].button')).toBe('Kies een bestand');
    expect(await page.textContent('#kf-file-name')).toBe('Geen bestand gekozen');
    await look(page, 'nl-390-3-documents');
    await Promise.all([page.waitForURL(/step=4$/), page.click('#kf-next')]);
    expect(await page.textContent('#kf-review')).toContain('Wijzigen');
    await look(page, 'nl-390-4-review');
    await Promise.all([page.waitForURL(/\/done/), page.click('#kf-submit')]);
    expect(await page.textContent('#kf-title')).toBe('Bedankt');
    await look(page, 'nl-390-5-done');
    expect(problems).toEqual([]);
    await context.close();
  });

  for (const width of WIDTHS) {
    it(`the dashboard at ${width} px`, async () => {
      const { page, context, problems } = await openPage(width);
      await page.goto(emu.dashboardUrl);
      await look(page, `dashboard-${width}`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
