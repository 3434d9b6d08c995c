// pnpm release:check: the packages as users will install them, used the way users will use them.
//   0. release rules (release-check/changesets.mjs)
//   1. build (turbo)           2. pack every public package (pnpm pack rewrites workspace: ranges)
//   3. publint + attw on each tarball (scripts/health.mjs)
//   4. npm install the TARBALLS into a fresh consumer project: run it as ESM and as CommonJS, and
//      type-check it with TypeScript `nodenext` (.mts and .cts) and `node10`
//   5. npm install them into a copy of each example and run its tests.
// Flags: --no-build (the caller just built), --keep (keep the temp dir to look at).
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { checkTarball } from './health.mjs';
import { checkReleaseConfig } from './release-check/changesets.mjs';
import { consumerFiles, exportsCheck } from './release-check/consumer.mjs';
import { checkPython } from './release-check/python.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const flags = process.argv.slice(2);
const unknown = flags.filter((f) => f !== '--no-build' && f !== '--keep');
if (unknown.length) {
  console.error(`Unknown flag ${unknown[0]}.\nUsage: pnpm release:check [--no-build] [--keep]`);
  process.exit(2);
}
const pnpm = process.env.npm_execpath;
if (!pnpm) {
  console.error('Run this through pnpm (pnpm release:check): pnpm pack is what rewrites workspace: ranges.');
  process.exit(2);
}

const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'klarefi-release-'));
const tarballDir = join(work, 'tarballs');
mkdirSync(tarballDir);
const failures = [];
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`;
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Runs a command, collecting its output; never throws. */
function run(command, args, { cwd = root, env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (error) => resolve({ ok: false, output: `${output}${error.message}` }));
    child.on('close', (code) => resolve({ ok: code === 0, output: output.trim() }));
  });
}

/** Runs `fn` on every item, at most `limit` at a time. */
async function pool(items, limit, fn) {
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Records a failure; `what` names the package or project, so the summary says where to look. */
function fail(what, message) {
  failures.push({ what, message });
  console.log(`  ✗ ${what}`);
}

// The @klarefi/* packages (and `klarefi`) a tool's output mentions, to name them in the failure.
const named = (output) => [...new Set(output.match(/(@klarefi\/[a-z-]+|\bklarefi\b(?=\/dist))/g) ?? [])];

const workspace = ['packages', 'examples']
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(group, name)))
  .filter((dir) => existsSync(join(root, dir, 'package.json')))
  .map((dir) => ({ dir, manifest: readJson(join(root, dir, 'package.json')) }));
const byName = new Map(workspace.map((p) => [p.manifest.name, p]));
const publicPackages = workspace.filter((p) => p.dir.startsWith('packages/') && !p.manifest.private);
const examples = workspace.filter(
  (p) => /^@klarefi\/example-/.test(p.manifest.name) && p.manifest.name !== '@klarefi/example-kit',
);
const testable = examples.filter((p) => p.manifest.scripts?.test && existsSync(join(root, p.dir, 'test')));
for (const p of examples.filter((e) => !testable.includes(e))) {
  console.log(`Skipping ${p.dir}: it has no tests yet.`);
}

const workspaceDeps = (manifest) =>
  Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })
    .filter(([, spec]) => String(spec).startsWith('workspace:'))
    .map(([name]) => name);
// Private helpers the examples need (their shared kit, the test kit) are packed too, but not checked.
const toPack = new Set(publicPackages.map((p) => p.manifest.name));
const pending = testable.flatMap((e) => workspaceDeps(e.manifest));
while (pending.length) {
  const name = pending.pop();
  if (toPack.has(name) || !byName.has(name)) continue;
  toPack.add(name);
  pending.push(...workspaceDeps(byName.get(name).manifest));
}

// 0. The release rules: changesets groups, generated changelogs, changesets that name real packages.
for (const { what, message } of checkReleaseConfig(root)) fail(what, message);
if (failures.length) finish();

// 1. Build.
if (!flags.includes('--no-build')) {
  const t = Date.now();
  const build = await run(
    bin('turbo'),
    ['run', 'build', '--filter=./packages/*', '--output-logs=errors-only'],
    {
      env: { TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (!build.ok) {
    console.error(`${build.output}\nrelease:check: the build failed (output above).`);
    process.exit(1);
  }
  console.log(`Built the packages (${seconds(t)})`);
}

// 2. Pack.
const tarballs = new Map();
{
  const t = Date.now();
  await pool([...toPack], 3, async (name) => {
    const { dir, manifest } = byName.get(name);
    const packed = await run(process.execPath, [pnpm, 'pack', '--pack-destination', tarballDir], {
      cwd: join(root, dir),
    });
    const file = join(tarballDir, `${name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`);
    if (!packed.ok || !existsSync(file)) fail(name, `pnpm pack failed:\n${packed.output}`);
    else tarballs.set(name, file);
  });
  console.log(`Packed ${tarballs.size} packages (${seconds(t)})`);
  if (failures.length) finish();
}

/** A package.json for a fresh project: the given dependencies, with every @klarefi tarball forced. */
function projectManifest(name, manifest) {
  const overrides = {};
  const direct = { ...manifest.dependencies, ...manifest.devDependencies };
  for (const [pkg, file] of tarballs) overrides[pkg] = direct[pkg] ? `$${pkg}` : `file:${file}`;
  return { name, version: '0.0.0', private: true, ...manifest, overrides };
}

const npmInstall = (cwd) =>
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd });

// 3. publint + attw on each public tarball, while the projects install.
const health = pool(publicPackages, 2, async ({ manifest }) => {
  const result = await checkTarball(tarballs.get(manifest.name));
  if (!result.ok) fail(`${manifest.name} (publint/attw)`, result.report);
  return result.ok;
});

// 4. The consumer project.
async function consumer() {
  const t = Date.now();
  const dir = join(work, 'consumer');
  mkdirSync(dir);
  const dependencies = {};
  for (const { manifest } of publicPackages) {
    dependencies[manifest.name] = `file:${tarballs.get(manifest.name)}`;
    // Each framework a package expects as a peer, at the version the package is tested with.
    for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {})) {
      dependencies[peer] = manifest.devDependencies?.[peer] ?? range;
      const types = `@types/${peer}`;
      if (manifest.devDependencies?.[types]) dependencies[types] = manifest.devDependencies[types];
    }
  }
  dependencies['@types/node'] = readJson(join(root, 'package.json')).devDependencies['@types/node'];
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(projectManifest('klarefi-consumer', { dependencies }), null, 2),
  );
  const names = publicPackages.map((p) => p.manifest.name);
  for (const [file, text] of Object.entries(consumerFiles(names))) writeFileSync(join(dir, file), text);
  const installed = await npmInstall(dir);
  if (!installed.ok) return fail('consumer project (npm install of the tarballs)', installed.output);

  // Each package loads on its own, with import and with require; then what users run with them.
  const loaded = {};
  for (const format of ['esm', 'cjs']) {
    const result = await run(process.execPath, [`exports.${format === 'esm' ? 'mjs' : 'cjs'}`], { cwd: dir });
    if (!result.ok) return fail(`consumer: listing the exports (${format}) failed`, result.output);
    loaded[format] = readJson(join(dir, `exports-${format}.json`));
    const how = format === 'esm' ? 'import' : 'require';
    for (const [name, { error, renamed }] of Object.entries(loaded[format])) {
      if (error) fail(`${name}: ${how}('${name}') fails in a fresh project`, error);
      // Class names are what logs and stack traces print (esbuild's keepNames keeps them).
      if (renamed?.length) fail(`${name}: ${how}() gives classes another name`, renamed.join(', '));
    }
  }
  const checks = [
    ['ESM (import)', process.execPath, ['esm.mjs']],
    ['CommonJS (require)', process.execPath, ['cjs.cjs']],
    ['the klarefi bin', join(dir, 'node_modules', '.bin', 'klarefi'), ['--version']],
  ];
  for (const [what, command, args] of checks) {
    const result = await run(command, args, { cwd: dir });
    if (!result.ok)
      fail(`consumer ${what}: ${named(result.output).join(', ') || 'see output'}`, result.output);
  }
  // Every value the types declare exists at runtime, and (ESM) every runtime export has a type;
  // require() may add names (fastify-plugin's convention) but must not lose any import has.
  const keys = (format) =>
    Object.fromEntries(
      Object.entries(loaded[format]).flatMap(([name, r]) => (r.keys ? [[name, r.keys]] : [])),
    );
  const esm = keys('esm');
  const cjs = keys('cjs');
  for (const name of Object.keys(esm)) {
    const lost = cjs[name] ? esm[name].filter((k) => !cjs[name].includes(k)) : [];
    if (lost.length) fail(`${name}: require() lacks exports that import has`, lost.join(', '));
  }
  writeFileSync(join(dir, 'exports.mts'), exportsCheck(esm, true));
  writeFileSync(join(dir, 'exports.cts'), exportsCheck(cjs, false));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  await Promise.all(
    ['nodenext-esm', 'nodenext-cjs', 'node10'].map(async (mode) => {
      const result = await run(process.execPath, [tsc, '-p', `tsconfig.${mode}.json`], { cwd: dir });
      const where = named(result.output).join(', ') || 'see output';
      if (!result.ok) fail(`TypeScript (${mode}) in a consumer: ${where}`, result.output);
    }),
  );
  console.log(
    `Consumer project: ESM, CommonJS, TypeScript nodenext (ESM and CJS) and node10 (${seconds(t)})`,
  );
}

// 5. The examples, each in a fresh copy whose workspace: dependencies are the tarballs.
async function installExample({ dir, manifest }) {
  const t = Date.now();
  const base = join(work, basename(dir));
  const copy = join(base, dir);
  cpSync(join(root, 'tsconfig.base.json'), join(base, 'tsconfig.base.json'));
  cpSync(join(root, dir), copy, {
    recursive: true,
    filter: (src) => !['node_modules', 'dist', '.turbo'].includes(basename(src)),
  });
  const deps = {};
  for (const group of ['dependencies', 'devDependencies']) {
    deps[group] = Object.fromEntries(
      Object.entries(manifest[group] ?? {}).map(([name, spec]) => [
        name,
        String(spec).startsWith('workspace:') ? `file:${tarballs.get(name)}` : spec,
      ]),
    );
  }
  // Examples borrow vitest from the workspace root; a copy needs its own.
  deps.devDependencies.vitest ??= readJson(join(root, 'node_modules', 'vitest', 'package.json')).version;
  writeFileSync(
    join(copy, 'package.json'),
    JSON.stringify(projectManifest(manifest.name, { ...manifest, ...deps }), null, 2),
  );
  const installed = await npmInstall(copy);
  if (!installed.ok) fail(`${dir} (npm install of the tarballs)`, installed.output);
  else console.log(`Installed ${dir} from the tarballs (${seconds(t)})`);
  return installed.ok ? copy : undefined;
}

async function testExample(example, copy) {
  const t = Date.now();
  const result = await run(join(copy, 'node_modules', '.bin', 'vitest'), ['run'], { cwd: copy });
  const summary = stripVTControlCharacters(result.output).match(/Tests\s+.*$/m)?.[0] ?? '';
  if (!result.ok) fail(`${example.dir} tests against the tarballs`, result.output);
  else console.log(`${example.dir}: ${summary.trim()} (${seconds(t)})`);
}

const installs = pool([null, ...testable], 3, (example) => (example ? installExample(example) : consumer()));
const [, copies] = await Promise.all([health, installs]);
console.log(`publint and attw on ${publicPackages.length} tarballs done`);
const ready = testable.map((example, i) => [example, copies[i + 1]]).filter(([, copy]) => copy);
await pool(ready, 2, ([example, copy]) => testExample(example, copy));
for (const { what, message } of await checkPython({ root, work, run })) fail(what, message);
finish();

function finish() {
  if (failures.length === 0) {
    if (!flags.includes('--keep')) rmSync(work, { recursive: true, force: true });
    else console.log(`Kept ${work}`);
    console.log(`release:check passed in ${seconds(started)}`);
    process.exit(0);
  }
  for (const { what, message } of failures) console.error(`\n✗ ${what}\n${message}`);
  console.error(
    `\nrelease:check failed (${failures.length} problem(s), ${seconds(started)}); files kept in ${work}`,
  );
  process.exit(1);
}
