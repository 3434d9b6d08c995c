import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli } from './helpers.js';

const PYTHON_PACKAGE = fileURLToPath(new URL('../../python/', import.meta.url));
const VENV_SCRIPT = `${PYTHON_PACKAGE}scripts/venv.mjs`;
const PYTHON = `${PYTHON_PACKAGE}.venv/bin/python`;
const RECEIVER = fileURLToPath(new URL('./fixtures/flask_receiver.py', import.meta.url));
const SECRET = 'whsec_doctor_flask_secret';
const OLD_SECRET = 'whsec_doctor_flask_previous';

let flask: ChildProcess | undefined;
let base = '';

beforeAll(async () => {
  requireBuiltCli();
  // The Python package's own virtualenv (Flask and the package from src/), created when missing.
  const venv = spawnSync(process.execPath, [VENV_SCRIPT], { encoding: 'utf8' });
  if (venv.status !== 0)
    throw new Error(`packages/python/scripts/venv.mjs failed:\n${venv.stdout}${venv.stderr}`);
  const child = spawn(PYTHON, [RECEIVER, SECRET, OLD_SECRET], { stdio: ['ignore', 'pipe', 'pipe'] });
  flask = child;
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the Flask receiver exited (${code}):\n${errors}`)));
  });
  base = `http://127.0.0.1:${port}`;
}, 300_000);

afterAll(() => {
  flask?.kill();
});

describe('klarefi doctor against a Flask receiver using construct_event', () => {
  it('passes every check, with both secrets of a rotation and --probe-url', async () => {
    const result = await runCli([
      'doctor',
      `${base}/webhooks/klarefi`,
      '--secret',
      SECRET,
      '--secret',
      OLD_SECRET,
      '--probe-url',
      `${base}/runs`,
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/Result: OK: 21 passed, 0 failed, 0 notes/);
    expect(result.code).toBe(0);
  });
});
