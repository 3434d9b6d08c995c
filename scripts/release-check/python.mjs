// The Python part of the release check: the klarefi wheel as pip users get it.
//   1. pyproject.toml and _version.py carry package.json's version (scripts/sync-python-version.mjs --check);
//   2. hatchling builds the sdist and the wheel, each named with that version;
//   3. the wheel installs into a fresh virtualenv (pip, as configured on the machine) and ships py.typed;
//   4. the README's quickstart runs with it against the emulator (`klarefi dev`), key and URL aside.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

/** Starts `klarefi dev --port 0 --json` and resolves to its connection info and a stop function. */
function startEmulator(root) {
  const child = spawn(
    process.execPath,
    [join(root, 'packages/cli/dist/bin.js'), 'dev', '--port', '0', '--json'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const stop = () => child.kill('SIGTERM');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`klarefi dev exited with ${code} before printing its URL`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ ...JSON.parse(line), stop }));
  });
}

/**
 * Runs the checks; `run(command, args, { cwd, env })` resolves to `{ ok, output }` and never throws.
 * @returns {Promise<{ what: string, message: string }[]>} one entry per problem.
 */
export async function checkPython({ root, work, run }) {
  const t = Date.now();
  const dir = join(root, 'packages/python');
  const failures = [];
  const fail = (what, message) => failures.push({ what: `klarefi (Python): ${what}`, message });
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

  const synced = await run(process.execPath, [join(root, 'scripts/sync-python-version.mjs'), '--check']);
  if (!synced.ok) return [...failures, { what: 'klarefi (Python): version', message: synced.output }];

  const dist = join(work, 'python-dist');
  mkdirSync(dist);
  const venvTool = (tool, args) =>
    run(process.execPath, [join(dir, 'scripts/venv.mjs'), tool, ...args], { cwd: dir });
  const built = await venvTool('hatchling', ['build', '-t', 'sdist', '-t', 'wheel', '-d', dist]);
  if (!built.ok) return [...failures, { what: 'klarefi (Python): hatchling build', message: built.output }];
  const artifacts = readdirSync(dist);
  const wheel = artifacts.find((f) => f === `klarefi-${version}-py3-none-any.whl`);
  if (!wheel || !artifacts.includes(`klarefi-${version}.tar.gz`)) {
    fail(
      'build',
      `expected klarefi-${version}.tar.gz and a py3-none-any wheel of ${version}; got ${artifacts.join(', ')}`,
    );
    return failures;
  }

  const python = process.env.PYTHON ?? 'python3';
  const venv = join(work, 'python-venv');
  const created = await run(python, ['-m', 'venv', venv]);
  if (!created.ok)
    return [...failures, { what: 'klarefi (Python): python3 -m venv', message: created.output }];
  const venvPython = join(venv, 'bin', 'python');
  const installed = await run(venvPython, [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--retries',
    '0',
    '--no-compile',
    join(dist, wheel),
  ]);
  if (!installed.ok)
    return [...failures, { what: 'klarefi (Python): pip install of the wheel', message: installed.output }];

  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const start = readme.indexOf('```python\n', readme.indexOf('<!-- quickstart -->')) + '```python\n'.length;
  const quickstart = readme.slice(start, readme.indexOf('```', start));
  const emulator = await startEmulator(root).catch((error) => error);
  if (emulator instanceof Error)
    return [...failures, { what: 'klarefi (Python): klarefi dev', message: emulator.message }];
  try {
    const script = join(work, 'python-quickstart.py');
    // The quickstart reads its key and base URL from the environment, as `klarefi dev` prints them.
    const local = quickstart;
    const typed =
      'import klarefi, pathlib; assert (pathlib.Path(klarefi.__file__).parent / "py.typed").is_file()\n';
    const versioned = `assert klarefi.__version__ == ${JSON.stringify(version)}, klarefi.__version__\n`;
    writeFileSync(script, `${typed}${versioned}${local}`);
    // From the work directory, so that `import klarefi` finds the installed wheel, not the source tree.
    const ran = await run(venvPython, [script], {
      cwd: work,
      env: { KLAREFI_API_KEY: emulator.apiKey, KLAREFI_API_BASE_URL: emulator.url },
    });
    if (!ran.ok || !ran.output.startsWith(`Redirect claimant to: ${emulator.url}/s/`)) {
      fail('the README quickstart with the installed wheel', ran.output);
    }
  } finally {
    emulator.stop();
  }
  if (failures.length === 0) {
    console.log(
      `Python: built ${wheel} and its sdist, installed it fresh, ran the quickstart (${seconds(t)})`,
    );
  }
  return failures;
}
