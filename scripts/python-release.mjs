// Release workflow step: prints `version=<v>` (for $GITHUB_OUTPUT) when the commit being
// released changed the Python package's version, which `changeset version` (plus
// sync-python-version) writes into packages/python/package.json and pyproject.toml together.
// Prints nothing when the Python package is not part of this release.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const file = 'packages/python/package.json';
const versionAt = (rev) => {
  try {
    return JSON.parse(execFileSync('git', ['show', `${rev}:${file}`], { encoding: 'utf8' })).version;
  } catch {
    return undefined;
  }
};
const now = versionAt('HEAD');
const pyproject = readFileSync('packages/python/pyproject.toml', 'utf8');
const declared = /^version\s*=\s*"([^"]+)"/m.exec(pyproject)?.[1];
if (now !== declared) {
  console.error(
    `packages/python: package.json says ${now} but pyproject.toml says ${declared}; run node scripts/sync-python-version.mjs.`,
  );
  process.exit(1);
}
if (now && now !== versionAt('HEAD^')) console.log(`version=${now}`);
