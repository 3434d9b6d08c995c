// pnpm pack:local: every public package built and packed into .packs/, so that a project outside
// this clone can install them before the first release (what `klarefi webhooks init` prints):
//   npm install /path/to/klarefi-js/.packs/klarefi-express-0.0.0.tgz /path/to/klarefi-js/.packs/klarefi-sdk-0.0.0.tgz
// pnpm pack (not npm pack) is what rewrites the workspace: ranges into versions.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, '.packs');
const pnpm = process.env.npm_execpath;
if (!pnpm) {
  console.error(
    'Run this through pnpm: npx -y pnpm@10.34.9 pack:local (pnpm pack rewrites workspace: ranges).',
  );
  process.exit(2);
}

const run = (command, args, cwd) => {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    console.error(
      `${result.stdout}${result.stderr}\npack:local: \`${[command, ...args].join(' ')}\` failed in ${cwd}.`,
    );
    process.exit(1);
  }
};

const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => !manifest.private && manifest.name && manifest.scripts?.build);

run(
  join(root, 'node_modules', '.bin', 'turbo'),
  ['run', 'build', ...packages.map((p) => `--filter=${p.manifest.name}`), '--output-logs=errors-only'],
  root,
);
mkdirSync(out, { recursive: true });
for (const { dir } of packages) run(process.execPath, [pnpm, 'pack', '--pack-destination', out], dir);

const tarball = new Map(
  packages.map(({ manifest: m }) => [
    m.name,
    join(out, `${m.name.replace('@', '').replace('/', '-')}-${m.version}.tgz`),
  ]),
);
console.log(`Packed ${packages.length} packages into ${out}:`);
for (const file of tarball.values()) console.log(`  ${file}`);
console.log('\nIn your project, install the ones you use together with @klarefi/sdk, e.g.:');
console.log(`  npm install express ${tarball.get('@klarefi/express')} ${tarball.get('@klarefi/sdk')}`);
