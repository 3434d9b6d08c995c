import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Answers for the emulator's built-in `motor_claim`, written the way a Dutch claimant might. */
export const MOTOR_CLAIM_ANSWERS: Readonly<Record<string, string>> = {
  incident_date: '3 februari 2023',
  incident_location: 'Amsterdam, Damrak',
  license_plate: 'ab-123-c',
  damage_amount: '€ 1.234,56',
  description: 'Rear-ended at a traffic light.',
};

/**
 * Fills in the emulator's hosted intake form step by step (inputs are named after the
 * question ids), uploads nothing, and submits. Resolves once the browser has left the form:
 * on the `return_url`, or on the emulator's done page.
 */
export async function completeHostedForm(
  page: Page,
  answers: Readonly<Record<string, string>> = MOTOR_CLAIM_ANSWERS,
): Promise<void> {
  for (let step = 0; step < 12; step++) {
    await page.waitForSelector('#kf-next, #kf-submit');
    for (const [id, value] of Object.entries(answers)) {
      const input = page.locator(`[name="${id}"]`);
      if ((await input.count()) > 0 && (await input.first().isVisible())) await input.first().fill(value);
    }
    const submit = page.locator('#kf-submit');
    if ((await submit.count()) > 0) {
      await Promise.all([page.waitForNavigation(), submit.click()]);
      return;
    }
    await Promise.all([page.waitForNavigation(), page.locator('#kf-next').click()]);
  }
  throw new Error(
    'The hosted form did not reach its submit step within 12 steps; check the answers cover every required question.',
  );
}

/**
 * Walks the emulator's `motor_claim` form the way a claimant does, one step at a time, checking
 * its title, each step's URL and the review page, then submits and waits for `returnUrl` (a
 * glob such as `http://127.0.0.1:3000/claims/result?**`). Starts on the form's first step.
 */
export async function walkMotorClaimForm(page: Page, returnUrl: string): Promise<void> {
  const a = MOTOR_CLAIM_ANSWERS;
  expect(await page.textContent('#kf-title')).toBe('Motor claim');
  for (const id of ['incident_date', 'incident_location', 'license_plate']) await page.fill(`#${id}`, a[id]!);
  await Promise.all([page.waitForURL(/step=2/), page.click('#kf-next')]);
  for (const id of ['damage_amount', 'description']) await page.fill(`#${id}`, a[id]!);
  await Promise.all([page.waitForURL(/step=3/), page.click('#kf-next')]);
  await Promise.all([page.waitForURL(/step=4/), page.click('#kf-next')]);
  expect(await page.textContent('#review-incident_date')).toBe(a.incident_date);
  await Promise.all([page.waitForURL(returnUrl), page.click('#kf-submit')]);
}
