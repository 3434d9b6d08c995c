// pnpm klarefi <command>: the CLI from this clone (packages/cli), built first when it is missing or
// older than its sources, and run in the directory pnpm was started from.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildForRun } from './build-js.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');

/** The folders of `packages/<dir>` and of every workspace package it depends on. */
function withWorkspaceDependencies(dir, seen = new Set()) {
  if (seen.has(dir)) return seen;
  seen.add(dir);
  const { dependencies = {} } = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  for (const [name, range] of Object.entries(dependencies)) {
    if (range.startsWith('workspace:')) withWorkspaceDependencies(name.replace(/^@klarefi\//, ''), seen);
    if (name === 'klarefi') withWorkspaceDependencies('cli', seen);
  }
  return seen;
}

function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

function isStale() {
  if (!existsSync(bin)) return 'not built yet';
  const builtAt = statSync(bin).mtimeMs;
  for (const dir of withWorkspaceDependencies('cli')) {
    const inputs = ['src', 'package.json', 'tsup.config.ts'].map((f) => join(root, 'packages', dir, f));
    if (inputs.some((input) => existsSync(input) && newestChange(input) > builtAt)) {
      return `older than packages/${dir}`;
    }
  }
  return undefined;
}

const stale = isStale();
if (stale) {
  console.error(`klarefi: the CLI is ${stale}; building it first (a few seconds, once)…`);
  const ok = await buildForRun({
    filters: ['klarefi...'],
    what: 'the CLI',
    progress: false,
    log: (line) => console.error(line),
  });
  if (!ok) process.exit(1);
}
// pnpm runs scripts from the clone's root; relative paths (webhooks init's file, --out, --case-types)
// belong to the directory the command was typed in, which pnpm passes as INIT_CWD.
if (process.env.INIT_CWD && existsSync(process.env.INIT_CWD)) process.chdir(process.env.INIT_CWD);
// bin.js reads process.argv.slice(2): the arguments after `pnpm klarefi`, as given.
await import(pathToFileURL(bin).href);
