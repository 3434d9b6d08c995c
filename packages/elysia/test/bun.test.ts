import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const bun = join(dirname(createRequire(import.meta.url).resolve('bun/package.json')), 'bin', 'bun.exe');

it('passes the conformance suite on Bun, through app.handle', () => {
  const run = spawnSync(bun, ['test', './runtime/conformance.bun.test.ts'], {
    cwd: join(here, '..'),
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.error, output).toBeUndefined();
  expect(output).toMatch(/\b0 fail\b/);
  // Two conformance runs of 90+ cases each: the root mount and a prefixed instance.
  expect(Number(/\b(\d+) pass\b/.exec(output)?.[1])).toBeGreaterThanOrEqual(180);
  expect(run.status, output).toBe(0);
}, 150_000);
