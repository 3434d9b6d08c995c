import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { browserAvailable, chromiumPath, launchBrowser } from '../src/browser.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const vitestCli = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const MISSING = '/nonexistent/klarefi-chromium';

/** Runs the gate fixture in a child vitest with Chromium pointed at a path that does not exist. */
function runGateFixture(ci: boolean): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, KLAREFI_CHROMIUM_PATH: MISSING, NO_COLOR: '1' };
  delete env.CI;
  delete env.VITEST;
  if (ci) env.CI = 'true';
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [vitestCli, 'run', '--config', 'test/fixtures/vitest.config.ts'],
      { cwd: packageDir, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

describe('the browser gate', () => {
  it('reads KLAREFI_CHROMIUM_PATH', () => {
    const before = process.env.KLAREFI_CHROMIUM_PATH;
    process.env.KLAREFI_CHROMIUM_PATH = MISSING;
    try {
      expect(chromiumPath()).toBe(MISSING);
      expect(browserAvailable()).toBe(false);
    } finally {
      if (before === undefined) delete process.env.KLAREFI_CHROMIUM_PATH;
      else process.env.KLAREFI_CHROMIUM_PATH = before;
    }
  });

  it('launchBrowser says how to install Chromium when it is missing', async () => {
    const before = process.env.KLAREFI_CHROMIUM_PATH;
    process.env.KLAREFI_CHROMIUM_PATH = MISSING;
    try {
      await expect(launchBrowser()).rejects.toThrow(
        `no Chromium at ${MISSING}. Install it with \`apt-get install -y chromium\``,
      );
    } finally {
      if (before === undefined) delete process.env.KLAREFI_CHROMIUM_PATH;
      else process.env.KLAREFI_CHROMIUM_PATH = before;
    }
  });

  it('skips browser tests loudly without Chromium', async () => {
    const { code, output } = await runGateFixture(false);
    expect(output).toContain(`Browser tests skipped: no Chromium at ${MISSING}`);
    expect(output).toMatch(/1 skipped/);
    expect(code).toBe(0);
  });

  it('fails browser tests without Chromium when CI=true', async () => {
    const { code, output } = await runGateFixture(true);
    expect(output).toContain('Browser tests cannot be skipped under CI=true');
    expect(code).not.toBe(0);
  });
});
