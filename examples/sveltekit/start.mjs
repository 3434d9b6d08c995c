// `pnpm start`: builds when the sources changed since the last build (or there is none), then
// serves build/ with adapter-node on PORT (default 3000) and HOST (default 127.0.0.1), with the
// same environment variables as the other examples.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const built = join(root, 'build', 'index.js');

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Everything the build reads: the app, its config, the example kit and the built packages. */
const inputs = [
  'src',
  'svelte.config.js',
  'vite.config.ts',
  'package.json',
  join('..', 'kit', 'src'),
  join('node_modules', '@klarefi', 'sveltekit', 'dist'),
  join('node_modules', '@klarefi', 'sdk', 'dist'),
].map((path) => join(root, path));

if (!existsSync(built) || Math.max(...inputs.map(newest)) > statSync(built).mtimeMs) {
  console.log('Building the SvelteKit app (vite build)...');
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const run = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

// adapter-node reads these when it starts. Klarefi sends deliveries up to 1 MiB: its 512K default
// body limit would refuse the largest before Klarefi's hook runs.
process.env.HOST ??= '127.0.0.1';
process.env.PORT ??= '3000';
process.env.BODY_SIZE_LIMIT ??= '2M';
console.log(`Klarefi SvelteKit example on http://${process.env.HOST}:${process.env.PORT}`);
await import(pathToFileURL(built).href);
