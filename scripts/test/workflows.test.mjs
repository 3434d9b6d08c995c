import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const workflows = join(root, '.github', 'workflows');
const validator = join(root, 'scripts', 'node_modules', '.bin', 'action-validator');

/** Runs @action-validator (GitHub's workflow schema) on one file. */
function validate(file) {
  return new Promise((resolve) => {
    execFile(validator, [file], (error, stdout, stderr) =>
      resolve({ ok: !error, output: `${stdout}${stderr}` }),
    );
  });
}

const read = (name) => readFileSync(join(workflows, name), 'utf8');

describe('the GitHub workflows', () => {
  const files = readdirSync(workflows).filter((f) => f.endsWith('.yml'));

  it('are ci.yml and release.yml', () => {
    expect(files.sort()).toEqual(['ci.yml', 'release.yml']);
  });

  it.each(files)('%s passes the workflow schema', async (file) => {
    const result = await validate(join(workflows, file));
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('the validator refuses a broken workflow (so the check above can fail)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'klarefi-wf-')), 'broken.yml');
    writeFileSync(file, read('ci.yml').replace('runs-on: ubuntu-latest', 'runs-onn: ubuntu-latest'));
    const result = await validate(file);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('runs-onn');
  });

  it('CI runs .ci/run (the README test command) on Node 20 and 22, and the bench without blocking', () => {
    const ci = read('ci.yml');
    expect(ci).toMatch(/node: \[20, 22\]/);
    expect(ci).toContain('run: bash .ci/run');
    expect(ci).toContain('actions/cache@');
    expect(ci).toMatch(/bench:[\s\S]*continue-on-error: true[\s\S]*bench --quick/);
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toMatch(/redis-server/);
  });

  it('the release publishes with provenance and the Python package through trusted publishing', () => {
    const release = read('release.yml');
    expect(release).toContain('id-token: write');
    expect(release).toContain('changesets/action@v1');
    expect(release).toContain('NPM_CONFIG_PROVENANCE: "true"');
    expect(release).toContain('pypa/gh-action-pypi-publish@');
    expect(release).not.toMatch(/password:|PYPI_TOKEN|NPM_TOKEN/);
  });
});
