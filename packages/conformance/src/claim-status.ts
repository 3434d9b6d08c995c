import type { Page } from 'playwright-core';

interface Delivery {
  event_type: string;
  endpoint_url: string;
  status: string;
  attempts: Array<{ status: number | null; error: string | null }>;
}

/** Options for {@link waitForClaimStatus}. */
export interface WaitForClaimStatusOptions {
  /**
   * The emulator's URL; when given, a timeout lists every delivery it made and how each went.
   * @default undefined
   */
  emulatorUrl?: string;
  /**
   * How long to wait for the status.
   * @default 30_000
   */
  timeoutMs?: number;
}

/**
 * Waits until an example's result page (which refreshes itself until the webhook has arrived)
 * shows `status` in `#claim-status`. A timeout says what the page showed instead and, with
 * `emulatorUrl`, what happened to each delivery, so a failure on a loaded CI machine explains itself.
 */
export async function waitForClaimStatus(
  page: Page,
  status: string,
  options: WaitForClaimStatusOptions = {},
): Promise<void> {
  const timeout = options.timeoutMs ?? 30_000;
  try {
    await page.waitForSelector(`#claim-status[data-status="${status}"]`, { timeout });
  } catch (error) {
    const shown = await page
      .textContent('#claim-status', { timeout: 2_000 })
      .catch((e: unknown) => `(unreadable: ${e instanceof Error ? e.message : String(e)})`);
    const deliveries = options.emulatorUrl ? await describeDeliveries(options.emulatorUrl) : '';
    throw new Error(
      `The result page at ${page.url()} did not show ${status} within ${timeout} ms.\n` +
        `#claim-status: ${shown?.trim()}${deliveries}`,
      { cause: error },
    );
  }
}

async function describeDeliveries(emulatorUrl: string): Promise<string> {
  try {
    const res = await fetch(`${emulatorUrl}/_emulator/deliveries`);
    const { deliveries } = (await res.json()) as { deliveries: Delivery[] };
    const lines = deliveries.map((d) => {
      const attempts = d.attempts.map((a) => a.status ?? a.error ?? '?').join(', ');
      return `  ${d.event_type} -> ${d.endpoint_url}: ${d.status} (attempts: ${attempts || 'none'})`;
    });
    return `\nEmulator deliveries:\n${lines.join('\n') || '  (none)'}`;
  } catch (e) {
    return `\nEmulator deliveries unreadable: ${e instanceof Error ? e.message : String(e)}`;
  }
}
