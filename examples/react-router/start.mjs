// `pnpm start`: builds when the sources changed since the last build, then serves the build with
// react-router-serve, React Router's own production server, on PORT (default 3000) and HOST
// (default 127.0.0.1, as the other examples), with the same environment variables as the others.
// `node start.mjs --build` (the `build` script, which turbo runs before the tests) only builds.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const bin = (pkg) => join(root, 'node_modules', pkg, 'bin.js');
const stamp = join(root, 'dist', 'source-hash');

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
    ...files(join(root, 'app')),
    ...['package.json', 'react-router.config.ts', 'vite.config.ts'].map((f) => join(root, f)),
    ...files(join(root, '..', 'kit', 'src')),
    ...['react-router', 'sdk', 'redis'].flatMap((pkg) =>
      files(join(root, 'node_modules', '@klarefi', pkg, 'dist')),
    ),
  ];
  for (const path of inputs.sort()) hash.update(relative(root, path)).update(readFileSync(path));
  return hash.digest('hex');
}

const current = sourceHash();
const built = existsSync(stamp) ? readFileSync(stamp, 'utf8') : undefined;
if (built !== current || !existsSync(join(root, 'dist', 'server', 'index.js'))) {
  console.log('Building the React Router app (react-router build)...');
  const build = spawnSync(process.execPath, [bin('@react-router/dev'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  writeFileSync(stamp, current);
}

if (process.argv.includes('--build')) process.exit(0);

const server = spawn(process.execPath, [bin('@react-router/serve'), 'dist/server/index.js'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, HOST: process.env.HOST ?? '127.0.0.1', NODE_ENV: 'production' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
