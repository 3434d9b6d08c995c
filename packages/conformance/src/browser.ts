/**
 * @module
 * `@klarefi/conformance/browser`: a headless Chromium for end-to-end tests, driven by
 * `playwright-core`, with tests that skip loudly when Chromium is missing (and fail under CI).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type LaunchOptions } from 'playwright-core';
import { describe, it } from 'vitest';

/** Where Chromium is looked for when `KLAREFI_CHROMIUM_PATH` is not set. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** The flags every launch uses: no sandbox (containers), no GPU, no network noise or updates. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** The Chromium binary: `KLAREFI_CHROMIUM_PATH`, else {@link DEFAULT_CHROMIUM_PATH}. */
export function chromiumPath(): string {
  const fromEnv = process.env.KLAREFI_CHROMIUM_PATH;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_CHROMIUM_PATH;
}

/** True when the Chromium binary exists. */
export function browserAvailable(): boolean {
  return existsSync(chromiumPath());
}

function missingChromium(): string {
  return `no Chromium at ${chromiumPath()}. Install it with \`apt-get install -y chromium\`. (Another binary: set KLAREFI_CHROMIUM_PATH.)`;
}

/**
 * Launches headless Chromium with {@link CHROMIUM_ARGS}. Close it with `browser.close()`.
 * @param options Extra `playwright-core` launch options, merged over the defaults.
 * @throws Error when Chromium is missing, with the command that installs it.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  if (!browserAvailable()) throw new Error(`Cannot launch a browser: ${missingChromium()}`);
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

/**
 * A `describe` for browser tests. Without Chromium the block is skipped with a loud warning;
 * under `CI=true` a missing Chromium fails instead, so CI never passes without running them.
 * @example
 * describeBrowser('start-claim in a browser', () => {
 *   let browser: Browser;
 *   beforeAll(async () => { browser = await launchBrowser(); });
 *   afterAll(() => browser.close());
 *   it('follows the redirect', async () => { ... });
 * });
 */
export function describeBrowser(name: string, fn: () => void): void {
  if (browserAvailable()) {
    describe(name, fn);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`Browser tests cannot be skipped under CI=true: ${missingChromium()}`);
      });
    });
    return;
  }
  console.warn(`\n!!! Browser tests skipped: ${missingChromium()} !!!\n`);
  describe.skip(name, fn);
}
import { waitForClaimStatus } from './claim-status.js';
import { completeHostedForm } from './hosted-form.js';

export { type WaitForClaimStatusOptions, waitForClaimStatus } from './claim-status.js';
export { completeHostedForm, MOTOR_CLAIM_ANSWERS, walkMotorClaimForm } from './hosted-form.js';

/**
 * The examples' end-to-end walk: opens `appUrl`, clicks its start-claim button, completes the
 * hosted form and waits on the result page until the verified `case.completed` is shown.
 * Resolves with the result page's text; the browser is closed whatever happens.
 */
export async function claimThroughApp(appUrl: string, emulatorUrl: string): Promise<string> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(appUrl);
    await page.click('#start-claim');
    await page.waitForURL((u) => u.href.startsWith(emulatorUrl));
    await completeHostedForm(page);
    await page.waitForURL((u) => u.href.startsWith(`${appUrl}/claims/result`));
    await waitForClaimStatus(page, 'case.completed', { emulatorUrl });
    return (await page.textContent('body')) ?? '';
  } finally {
    await browser.close();
  }
}
