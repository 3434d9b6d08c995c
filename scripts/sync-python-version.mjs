// Keeps the Python package's version in step with its package.json, which `changeset version` bumps
// (it is in the SDK's fixed group): writes it into packages/python/pyproject.toml and
// src/klarefi/_version.py. Run after `changeset version` (the root version-packages script does).
//   node scripts/sync-python-version.mjs          write
//   node scripts/sync-python-version.mjs --check  exit 1 when they differ (the release check runs this)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../packages/python/', import.meta.url));
const check = process.argv.includes('--check');
const { version } = JSON.parse(readFileSync(`${dir}package.json`, 'utf8'));
const files = [
  ['pyproject.toml', /^version = "([^"]*)"$/m, `version = "${version}"`],
  ['src/klarefi/_version.py', /^__version__ = "([^"]*)"$/m, `__version__ = "${version}"`],
];
const stale = [];
for (const [file, pattern, line] of files) {
  const text = readFileSync(`${dir}${file}`, 'utf8');
  const found = pattern.exec(text);
  if (!found) {
    console.error(`packages/python/${file}: no version line matching ${pattern}; restore it.`);
    process.exit(1);
  }
  if (found[1] === version) continue;
  stale.push(`packages/python/${file} says ${found[1]}`);
  if (!check) writeFileSync(`${dir}${file}`, text.replace(pattern, line));
}
if (stale.length && check) {
  console.error(
    `packages/python/package.json says ${version} but ${stale.join(' and ')}; run node scripts/sync-python-version.mjs.`,
  );
  process.exit(1);
}
console.log(stale.length ? `Python package set to ${version}.` : `Python package already at ${version}.`);
