import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { changelogProblems, checkReleaseConfig, SOLO_PACKAGES } from '../release-check/changesets.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A copy of the repository's release facts (manifests, config, changesets) to break on purpose. */
function fixture() {
  const dir = mkdtempSync(join(tmpdir(), 'klarefi-release-rules-'));
  cpSync(join(root, '.changeset'), join(dir, '.changeset'), { recursive: true });
  cpSync(join(root, 'packages'), join(dir, 'packages'), {
    recursive: true,
    filter: (src) => !/(node_modules|dist|\.turbo|\.venv|src|test)$/.test(src),
  });
  return dir;
}
const config = (dir) => JSON.parse(readFileSync(join(dir, '.changeset', 'config.json'), 'utf8'));
const writeConfig = (dir, c) => writeFileSync(join(dir, '.changeset', 'config.json'), JSON.stringify(c));

const GENERATED = `# @klarefi/sdk

## 0.2.0

### Minor Changes

- 1a2b3c4: Adds the adapter subpath.

## 0.1.0

### Patch Changes

- Fixes a thing.
`;

describe('release rules', () => {
  it('hold for this repository', () => {
    expect(checkReleaseConfig(root)).toEqual([]);
  });

  it('fail when a versioned-together package leaves the fixed group', () => {
    const dir = fixture();
    const c = config(dir);
    c.fixed = [c.fixed[0].filter((n) => n !== '@klarefi/hono')];
    writeConfig(dir, c);
    expect(checkReleaseConfig(dir)).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('@klarefi/hono must be in the "fixed" group'),
      }),
    ]);
    rmSync(dir, { recursive: true });
  });

  it.each(SOLO_PACKAGES)('fail when %s joins a group', (solo) => {
    const dir = fixture();
    const c = config(dir);
    c.linked = [[solo, '@klarefi/sdk']];
    writeConfig(dir, c);
    expect(checkReleaseConfig(dir).map((f) => f.message)).toEqual([
      expect.stringContaining(`${solo} is released on its own`),
    ]);
    rmSync(dir, { recursive: true });
  });

  it('fail on a changeset that names no released package', () => {
    const dir = fixture();
    writeFileSync(join(dir, '.changeset', 'typo.md'), '---\n"@klarefi/sdkk": patch\n---\n\nFix.\n');
    expect(checkReleaseConfig(dir)).toEqual([
      { what: '.changeset/typo.md', message: 'names @klarefi/sdkk, which is not a released package.' },
    ]);
    rmSync(dir, { recursive: true });
  });

  it('fail on a hand-written CHANGELOG.md and on a released package without one', () => {
    const dir = fixture();
    writeFileSync(join(dir, 'packages', 'sdk', 'CHANGELOG.md'), '# Changelog\n\n## Unreleased\n\n- stuff\n');
    const manifest = join(dir, 'packages', 'hono', 'package.json');
    writeFileSync(
      manifest,
      JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), version: '0.3.0' }),
    );
    const messages = checkReleaseConfig(dir).map((f) => `${f.what}: ${f.message}`);
    expect(messages).toHaveLength(2);
    expect(messages).toContain('packages/hono/CHANGELOG.md: is missing although @klarefi/hono is at 0.3.0.');
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^packages\/sdk\/CHANGELOG\.md: is not the file `changeset version` writes: its first line/,
      ),
    );
    rmSync(dir, { recursive: true });
  });

  it('accept what changeset version writes, and name each way a changelog differs', () => {
    expect(changelogProblems(GENERATED, '@klarefi/sdk', '0.2.0')).toEqual([]);
    expect(changelogProblems(GENERATED, '@klarefi/sdk', '0.3.0')).toEqual([
      'its newest section is "## 0.2.0" but package.json says 0.3.0',
    ]);
    expect(
      changelogProblems(GENERATED.replace('### Minor Changes', '### Added'), '@klarefi/sdk', '0.2.0'),
    ).toEqual(['"### Added" is not a heading changesets writes']);
  });
});
