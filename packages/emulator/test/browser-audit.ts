import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Where the walk's screenshots go: `KLAREFI_SCREENSHOTS_DIR`, else a new temporary folder. */
export function screenshotDir(): string {
  const fromEnv = process.env.KLAREFI_SCREENSHOTS_DIR;
  if (fromEnv) {
    mkdirSync(fromEnv, { recursive: true });
    return fromEnv;
  }
  return mkdtempSync(join(tmpdir(), 'klarefi-form-screens-'));
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** Runs axe-core in the page; fails on any serious or critical violation, naming rule and elements. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = (await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: unknown[] }> } }
    ).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `axe on ${where}`).toEqual([]);
}

/** The page is no wider than the viewport (nothing scrolls sideways). */
export async function expectNoHorizontalOverflow(page: Page, where: string): Promise<void> {
  const { scroll, viewport } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(scroll, `horizontal overflow on ${where}`).toBeLessThanOrEqual(viewport);
}

/** Presses Enter in `selector` and waits until the URL matches `url`. */
export async function enterIn(page: Page, selector: string, url: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(url), page.press(selector, 'Enter')]);
}
