// pnpm docs:check: every ```ts block in every README.md type-checks against the BUILT packages,
// so the docs cannot drift from the code. Each block is its own ES module (top-level await works),
// compiled in one strict TypeScript program whose node_modules link the workspace packages (their
// dist, through their `exports`) and the frameworks they are used with.
// A fragment (`app.use(...)` without its `app`) gets its context from an HTML comment right above
// the fence, which GitHub does not show:
//   <!-- prelude: import express from 'express'; const app = express(); -->
// A block that cannot be checked at all opts out with ```ts no-check; keep those rare.
// Flags: --no-build (the caller just built), --keep (keep the temp project to look at).
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const flags = process.argv.slice(2);
const unknown = flags.filter((f) => f !== '--no-build' && f !== '--keep');
if (unknown.length) {
  console.error(`Unknown flag ${unknown[0]}.\nUsage: pnpm docs:check [--no-build] [--keep]`);
  process.exit(2);
}
const started = Date.now();
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ ok: code === 0, output: output.trim() }));
  });
}

const packageDirs = ['packages', 'examples']
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(group, name)))
  .filter((dir) => existsSync(join(root, dir, 'package.json')));

/** Every ```ts block of every README: its file, the line of its opening fence, its code. */
function findBlocks() {
  const blocks = [];
  let optedOut = 0;
  for (const readme of ['README.md', ...packageDirs.map((dir) => join(dir, 'README.md'))]) {
    if (!existsSync(join(root, readme))) continue;
    const lines = readFileSync(join(root, readme), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const fence = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript)\b(.*)$/.exec(lines[i]);
      if (!fence) continue;
      const [, indent, marks, , rest] = fence;
      const start = i;
      const code = [];
      for (i++; i < lines.length && !lines[i].trimStart().startsWith(marks); i++)
        code.push(lines[i].slice(indent.length));
      if (/\bno-check\b/.test(rest)) optedOut++;
      else blocks.push({ readme, line: start + 1, prelude: preludeAbove(lines, start), code });
    }
  }
  return { blocks, optedOut };
}

/** The `<!-- prelude: ... -->` comment right above the fence at `fence` (blank lines allowed), as lines. */
function preludeAbove(lines, fence) {
  let end = fence - 1;
  while (end >= 0 && lines[end].trim() === '') end--;
  if (end < 0 || !lines[end].trimEnd().endsWith('-->')) return [];
  let begin = end;
  while (begin > 0 && !lines[begin].includes('<!--')) begin--;
  const text = lines.slice(begin, end + 1).join('\n');
  const match = /<!--\s*prelude:([\s\S]*?)-->/.exec(text);
  return match ? match[1].trim().split('\n') : [];
}

/**
 * node_modules for the temp project: each workspace package links to its folder (so its `exports`
 * point into its dist), every other dependency of any workspace package links to the copy pnpm
 * installed for it.
 */
function linkModules(nodeModules) {
  const linked = new Map();
  for (const dir of ['.', ...packageDirs]) {
    const manifest = readJson(join(root, dir, 'package.json'));
    if (dir !== '.') linked.set(manifest.name, join(root, dir));
    for (const name of Object.keys({
      ...manifest.dependencies,
      ...manifest.devDependencies,
      ...manifest.peerDependencies,
    })) {
      const installed = join(root, dir, 'node_modules', name);
      if (!linked.has(name) && existsSync(installed)) linked.set(name, realpathSync(installed));
    }
  }
  for (const [name, target] of linked) {
    mkdirSync(dirname(join(nodeModules, name)), { recursive: true });
    symlinkSync(target, join(nodeModules, name), 'dir');
  }
}

if (!flags.includes('--no-build')) {
  const build = await run(
    join(root, 'node_modules', '.bin', 'turbo'),
    ['run', 'build', '--filter=./packages/*', '--output-logs=errors-only'],
    {
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (!build.ok) {
    console.error(`${build.output}\ndocs:check: the build failed (output above).`);
    process.exit(1);
  }
}

const { blocks, optedOut } = findBlocks();
const work = mkdtempSync(join(tmpdir(), 'klarefi-docs-'));
linkModules(join(work, 'node_modules'));
const files = blocks.map((block, i) => {
  const file = `block${i}.mts`;
  writeFileSync(join(work, file), `${[...block.prelude, ...block.code].join('\n')}\n`);
  return file;
});
writeFileSync(
  join(work, 'package.json'),
  JSON.stringify({ name: 'klarefi-docs-check', private: true, type: 'module' }),
);
const compilerOptions = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  types: ['node'],
};

/** Type-checks `list` (block file names); returns the problems by block, in README terms. */
async function typecheck(list) {
  writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: list }));
  const tsc = await run(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--pretty', 'false'],
    {
      cwd: work,
    },
  );
  const problems = new Map();
  let key = 'TypeScript';
  for (const line of tsc.output.split('\n')) {
    const at = /^block(\d+)\.mts\((\d+),(\d+)\): (.*)$/.exec(line);
    const block = at && blocks[Number(at[1])];
    let text = `  ${line.replaceAll(work, '<docs project>')}`;
    if (block) {
      // tsc counts from the block's first line; say where that line is in the README.
      const n = Number(at[2]) - block.prelude.length;
      key = `${block.readme} (the ts block at line ${block.line})`;
      text = `  ${block.readme}:${n > 0 ? block.line + n : `${block.line} (prelude)`}:${at[3]} ${at[4]}`;
    } else if (!/^\s/.test(line)) {
      key = 'TypeScript';
    }
    if (line.trim()) problems.set(key, [...(problems.get(key) ?? []), text]);
  }
  return {
    ok: tsc.ok,
    problems,
    syntax: new Set(
      [...tsc.output.matchAll(/^block(\d+)\.mts\(\d+,\d+\): error TS1\d{3}:/gm)].map(
        (m) => `block${m[1]}.mts`,
      ),
    ),
  };
}

let result = await typecheck(files);
if (result.syntax.size) {
  // tsc reports no type errors while any file has a syntax error: check the others again for them.
  const rest = await typecheck(files.filter((f) => !result.syntax.has(f)));
  for (const [key, lines] of rest.problems)
    result.problems.set(key, [...(result.problems.get(key) ?? []), ...lines]);
  result = { ...result, ok: false };
}
if (flags.includes('--keep') || !result.ok) console.log(`Temp project: ${work}`);
else rmSync(work, { recursive: true, force: true });

const readmes = new Set(blocks.map((b) => b.readme)).size;
const summary = `${blocks.length} ts blocks in ${readmes} READMEs (${optedOut} marked no-check)`;
if (result.ok) {
  console.log(
    `docs:check passed: ${summary} type-check against the built packages (${((Date.now() - started) / 1000).toFixed(1)}s)`,
  );
} else {
  const failed = [...result.problems.keys()].filter((k) => k !== 'TypeScript').length;
  for (const [where, lines] of result.problems) console.error(`✗ ${where}\n${lines.join('\n')}`);
  console.error(`\ndocs:check failed: ${failed} of ${summary} do not type-check.`);
  process.exit(1);
}
