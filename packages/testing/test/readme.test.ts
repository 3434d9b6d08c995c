import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = fileURLToPath(new URL('./.readme/', import.meta.url));

/** The README's ts blocks that are whole test files: their first line names the file. */
function copyPasteTests(): Array<{ name: string; code: string }> {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const tests: Array<{ name: string; code: string }> = [];
  for (const m of readme.matchAll(/^```ts\n(\/\/ test\/([\w.-]+\.test\.ts)\n[\s\S]*?)^```$/gm)) {
    tests.push({ name: m[2] as string, code: m[1] as string });
  }
  return tests;
}

it('every framework block of the README passes as written', { timeout: 120_000 }, async () => {
  const tests = copyPasteTests();
  expect(tests.map((t) => t.name)).toEqual([
    'klarefi-express.test.ts',
    'klarefi-fastify.test.ts',
    'klarefi-hono.test.ts',
    'klarefi-nestjs.test.ts',
    'klarefi-nextjs.test.ts',
  ]);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const t of tests) writeFileSync(`${out}${t.name}`, t.code);
  const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
  const child = spawn(process.execPath, [vitest, 'run', '--config', 'vitest.readme.config.ts'], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  // Generated files do not outlive the run (linters would read them as sources).
  rmSync(out, { recursive: true, force: true });
  expect(output, output).toMatch(/Test Files\s+5 passed \(5\)/);
  expect(code, output).toBe(0);
});
