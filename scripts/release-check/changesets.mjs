// The release rules that changesets cannot check for us:
//   - the SDK, the adapters, the stores, the queue and the Python client are one `fixed` group
//     (one version for all of them); the emulator and the CLI are versioned on their own;
//   - every CHANGELOG.md is the one `changeset version` writes, never hand-written;
//   - every pending changeset names packages that exist.
// release-check.mjs runs it first; scripts/test/changesets.test.mjs proves each rule can fail.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Released on their own schedule: a CLI or emulator fix must not bump the SDK. */
export const SOLO_PACKAGES = ['@klarefi/emulator', 'klarefi'];

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** The workspace packages under `packages/` that a release versions, with their folder. */
export function releasablePackages(root) {
  return readdirSync(join(root, 'packages'))
    .map((name) => join('packages', name))
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => ({ dir, manifest: readJson(join(root, dir, 'package.json')) }))
    .filter(({ dir, manifest }) => !manifest.private || existsSync(join(root, dir, 'pyproject.toml')));
}

/** `# name`, then `## x.y.z` sections each with `### Major|Minor|Patch Changes`: changesets' layout. */
export function changelogProblems(text, name, version) {
  const lines = text.split('\n');
  const problems = [];
  if (lines[0] !== `# ${name}`) problems.push(`its first line is not "# ${name}"`);
  const versions = lines.filter((l) => l.startsWith('## '));
  if (versions.length === 0) problems.push('it has no "## <version>" section');
  const bad = versions.find((l) => !/^## \d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(l));
  if (bad) problems.push(`"${bad}" is not a version heading`);
  if (versions[0] && versions[0] !== `## ${version}`) {
    problems.push(`its newest section is "${versions[0]}" but package.json says ${version}`);
  }
  const other = lines.find((l) => /^### /.test(l) && !/^### (Major|Minor|Patch) Changes$/.test(l));
  if (other) problems.push(`"${other}" is not a heading changesets writes`);
  return problems;
}

/** The names a changeset's front matter bumps. */
export function changesetPackages(text) {
  const front = /^---\n([\s\S]*?)\n---/.exec(text);
  if (!front) return null;
  return front[1]
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => /^\s*["']?([^"':]+)["']?\s*:/.exec(l)?.[1]);
}

/**
 * Checks the repository at `root`.
 * @returns {{ what: string, message: string }[]} one entry per problem; empty when all is well.
 */
export function checkReleaseConfig(root) {
  const failures = [];
  const fail = (what, message) => failures.push({ what, message });
  const config = readJson(join(root, '.changeset', 'config.json'));
  const packages = releasablePackages(root);
  const names = new Set(packages.map((p) => p.manifest.name));
  const together = packages.map((p) => p.manifest.name).filter((n) => !SOLO_PACKAGES.includes(n));
  const fixed = config.fixed ?? [];
  const group = fixed.find((g) => g.includes('@klarefi/sdk')) ?? [];
  const missing = together.filter((n) => !group.includes(n));
  if (missing.length) {
    fail(
      '.changeset/config.json',
      `${missing.join(', ')} must be in the "fixed" group with @klarefi/sdk (the SDK, adapters, stores and queue share one version).`,
    );
  }
  for (const solo of SOLO_PACKAGES) {
    if ([...fixed, ...(config.linked ?? [])].some((g) => g.includes(solo))) {
      fail('.changeset/config.json', `${solo} is released on its own: take it out of "fixed" and "linked".`);
    }
  }
  for (const { dir, manifest } of packages) {
    const file = join(root, dir, 'CHANGELOG.md');
    if (!existsSync(file)) {
      if (manifest.version !== '0.0.0') {
        fail(`${dir}/CHANGELOG.md`, `is missing although ${manifest.name} is at ${manifest.version}.`);
      }
      continue;
    }
    const problems = changelogProblems(readFileSync(file, 'utf8'), manifest.name, manifest.version);
    if (problems.length) {
      fail(
        `${dir}/CHANGELOG.md`,
        `is not the file \`changeset version\` writes: ${problems.join('; ')}. Add a changeset instead of editing it.`,
      );
    }
  }
  const dir = join(root, '.changeset');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
    const bumped = changesetPackages(readFileSync(join(dir, file), 'utf8'));
    if (!bumped) {
      fail(`.changeset/${file}`, 'has no front matter (--- "package": patch ---).');
      continue;
    }
    const unknown = bumped.filter((n) => !names.has(n));
    if (unknown.length)
      fail(`.changeset/${file}`, `names ${unknown.join(', ')}, which is not a released package.`);
  }
  return failures;
}
