// Runs a tool from packages/python/.venv, creating the virtualenv first when it is missing or stale
// (CI starts from a fresh clone). pip installs from the indexes configured on the machine.
//   node scripts/venv.mjs <tool> [args...]     e.g. node scripts/venv.mjs pytest -q
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const venv = join(root, '.venv');
const bin = join(venv, process.platform === 'win32' ? 'Scripts' : 'bin');
const stampFile = join(venv, '.klarefi-stamp');
const lock = join(root, '.venv.lock');
const stamp = createHash('sha256')
  .update(readFileSync(join(root, 'requirements-dev.txt')))
  .digest('hex');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) {
    console.error(`python: could not run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// What cannot be installed here is skipped the way a missing Chromium is: loudly, and never under
// CI=true. One skip is remembered for 10 minutes, so the package's other scripts in the same run
// say so at once instead of waiting on pip again.
const skipFile = join(root, '.venv-skipped');
function skip(reason) {
  if (process.env.CI === 'true') {
    console.error(`python: the Python checks cannot be skipped under CI=true: ${reason}`);
    process.exit(1);
  }
  writeFileSync(skipFile, JSON.stringify({ stamp, at: Date.now(), reason }));
  console.warn(`\n!!! Python checks skipped: ${reason} !!!\n`);
  process.exit(0);
}
function skippedRecently() {
  if (!existsSync(skipFile)) return undefined;
  const last = JSON.parse(readFileSync(skipFile, 'utf8'));
  return last.stamp === stamp && Date.now() - last.at < 600_000 ? last.reason : undefined;
}

/** pip's own words when no index it may use has the pinned packages (offline, none configured). */
const NO_INDEX =
  /No matching distribution found|Could not find a version that satisfies|NewConnectionError|Max retries exceeded|Temporary failure in name resolution|Network is unreachable/;

/** Installs the pinned packages; returns why they cannot be installed here, if that is the case. */
function pipInstall(python) {
  const result = spawnSync(
    python,
    [
      '-m',
      'pip',
      'install',
      // Twice: errors only. The machine's pip configuration may list find-links folders that
      // do not exist, and pip warns about each on every install.
      '--quiet',
      '--quiet',
      '--retries',
      '0',
      // An index that does not answer fails in seconds, not after the configured timeout.
      '--timeout',
      '15',
      // Byte-compiling every file of Django and mypy at install time is most of the install.
      '--no-compile',
      '-r',
      'requirements-dev.txt',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (result.status === 0) return undefined;
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  const cause = NO_INDEX.exec(output);
  if (cause) {
    return `pip cannot install requirements-dev.txt ("${cause[0]}"): the tests need Python with pip and a package index that has the pinned packages (pip config list shows it)`;
  }
  rmSync(lock, { recursive: true, force: true });
  console.error(`${output}\npython: pip install -r requirements-dev.txt failed (output above).`);
  process.exit(result.status ?? 1);
}

const fresh = () => existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;

function acquire() {
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch {
      // Another script of this package is creating the venv; a lock older than 10 minutes is stale.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 600_000)
        rmSync(lock, { force: true, recursive: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

/** Creates the virtualenv with the pinned packages; returns why that cannot be done here, if so. */
function createVenv() {
  const python = process.env.PYTHON ?? 'python3';
  console.log(`python: creating ${venv} with ${python} (pip install -r requirements-dev.txt)`);
  rmSync(venv, { recursive: true, force: true });
  const created = spawnSync(python, ['-m', 'venv', venv], { cwd: root, encoding: 'utf8' });
  if (created.error || created.status !== 0) {
    const why = created.error?.message ?? created.stderr.trim().split('\n').pop();
    return `${python} -m venv failed (${why}): install Python 3 with venv and pip (apt-get install -y python3-venv python3-pip), or set PYTHON`;
  }
  const unavailable = pipInstall(join(bin, 'python'));
  if (unavailable) return unavailable;
  // The tests import the package from src/ (a .pth file, what an editable install amounts to).
  run(join(bin, 'python'), [
    '-c',
    'import pathlib, sys, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "klarefi-src.pth").write_text(sys.argv[1])',
    join(root, 'src'),
  ]);
  writeFileSync(stampFile, stamp);
  rmSync(skipFile, { force: true });
  return undefined;
}

const skipped = !fresh() && skippedRecently();
if (skipped) skip(skipped);

let unavailable;
if (!fresh()) {
  acquire();
  try {
    if (!fresh()) unavailable = createVenv();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
if (unavailable) skip(unavailable);

const [tool, ...args] = process.argv.slice(2);
if (tool) run(join(bin, tool), args);
