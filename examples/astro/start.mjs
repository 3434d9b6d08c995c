// `pnpm start`: builds once when the sources changed since the last build (`astro build`), then
// serves dist/ with @astrojs/node's standalone server on PORT (default 3000) and HOST (default
// 127.0.0.1), with the same environment variables as the other examples.
// `node start.mjs build` only builds (the example's turbo "build" task).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const entry = join(root, 'dist', 'server', 'entry.mjs');
const stamp = join(root, 'dist', 'klarefi-source-hash');

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** A hash of everything the build reads, including the built packages it bundles. */
function sourceHash() {
  const hash = createHash('sha256');
  const inputs = [
    ...files(join(root, 'src')),
    ...['astro.config.mjs', 'package.json'].map((f) => join(root, f)),
    ...files(join(root, '..', 'kit', 'src')),
    ...['astro', 'sdk'].flatMap((pkg) => files(join(root, 'node_modules', '@klarefi', pkg, 'dist'))),
  ];
  for (const path of inputs.sort()) hash.update(relative(root, path)).update(readFileSync(path));
  return hash.digest('hex');
}

/** Runs `astro build` unless dist/ holds a build of these exact sources. */
export function buildIfNeeded() {
  const hash = sourceHash();
  if (existsSync(entry) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  console.log('Building the Astro app first (astro build; again only after a change)…');
  const astro = join(dirname(createRequire(import.meta.url).resolve('astro/package.json')), 'astro.js');
  const run = spawnSync(process.execPath, [astro, 'build'], {
    cwd: root,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`astro build failed (exit ${run.status}).`);
  writeFileSync(stamp, hash);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildIfNeeded();
  if (process.argv[2] !== 'build') {
    process.env.PORT ??= '3000';
    process.env.HOST ??= '127.0.0.1';
    // The standalone entry starts its server when imported.
    await import(pathToFileURL(entry).href);
  }
}
