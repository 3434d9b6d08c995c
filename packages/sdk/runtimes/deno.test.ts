import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
// The npm `deno` package ships the binary in a per-platform optional dependency: no download here.
const deno = join(dirname(createRequire(import.meta.url).resolve('deno/package.json')), 'deno');

it('passes the representative conformance checks on Deno, on both entries of @klarefi/sdk', () => {
  const run = spawnSync(deno, ['run', '--quiet', '--no-prompt', '--no-config', join(here, 'deno.js')], {
    cwd: here,
    encoding: 'utf8',
    timeout: 100_000,
    env: { ...process.env, DENO_NO_PACKAGE_JSON: '1', DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.error, output).toBeUndefined();
  expect(run.status, output).toBe(0);
  const results = JSON.parse(run.stdout) as Array<{ name: string; pass: boolean; detail: string }>;
  expect(results.filter((r) => !r.pass)).toEqual([]);
  expect(results.length).toBeGreaterThanOrEqual(40);
});
