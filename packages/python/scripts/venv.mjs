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

if (!fresh()) {
  acquire();
  try {
    if (!fresh()) {
      const python = process.env.PYTHON ?? 'python3';
      console.log(`python: creating ${venv} with ${python} (pip install -r requirements-dev.txt)`);
      rmSync(venv, { recursive: true, force: true });
      run(python, ['-m', 'venv', venv]);
      run(join(bin, 'python'), [
        '-m',
        'pip',
        'install',
        // Twice: errors only. The machine's pip configuration may list find-links folders that
        // do not exist, and pip warns about each on every install.
        '--quiet',
        '--quiet',
        '--retries',
        '0',
        // Byte-compiling every file of Django and mypy at install time is most of the install.
        '--no-compile',
        '-r',
        'requirements-dev.txt',
      ]);
      // The tests import the package from src/ (a .pth file, what an editable install amounts to).
      run(join(bin, 'python'), [
        '-c',
        'import pathlib, sys, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "klarefi-src.pth").write_text(sys.argv[1])',
        join(root, 'src'),
      ]);
      writeFileSync(stampFile, stamp);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const [tool, ...args] = process.argv.slice(2);
if (tool) run(join(bin, tool), args);
