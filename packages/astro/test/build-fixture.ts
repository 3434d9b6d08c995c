import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fixture app's folder; its production build lands in `dist/` there. */
export const FIXTURE = fileURLToPath(new URL('./fixture/', import.meta.url));

// vitest globalSetup: one `astro build` of the fixture per test run, shared by every test file.
export default function buildFixture(): void {
  const astro = join(dirname(createRequire(import.meta.url).resolve('astro/package.json')), 'astro.js');
  const run = spawnSync(process.execPath, [astro, 'build', '--root', FIXTURE, '--silent'], {
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  if (run.status !== 0)
    throw new Error(`astro build of the test fixture failed:\n${run.stdout}${run.stderr}`);
}
