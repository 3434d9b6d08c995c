// `pnpm start`: builds once when the sources changed since the last build, then `next start`
// on PORT (default 3000) and HOST, with the same environment variables as the other examples.
import { spawnSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const next = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** A hash of everything the build reads, including the built packages it imports. */
export function sourceHash() {
  const hash = createHash('sha256');
  const inputs = [
    ...['app', 'lib'].flatMap((dir) => files(join(root, dir))),
    ...['next.config.mjs', 'package.json', 'tsconfig.json', 'tsconfig.next.json'].map((f) => join(root, f)),
    ...files(join(root, '..', 'kit', 'src')),
    ...['nextjs', 'sdk'].flatMap((pkg) => {
      const dist = join(root, 'node_modules', '@klarefi', pkg, 'dist');
      return existsSync(dist) ? files(dist) : [];
    }),
  ].filter((path) => existsSync(path));
  for (const path of inputs.sort()) hash.update(relative(root, path)).update(readFileSync(path));
  return hash.digest('hex');
}

// Two starts at once (the example's test and the demo's, under turbo) must not both write .next.
// The lock file holds the builder's pid: a lock whose process is gone (killed, or copied here
// with the folder) is stale.
function withBuildLock(fn) {
  const lock = join(root, '.next-build.lock');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const pid = lockOwner(lock);
      if (pid === undefined) continue; // released meanwhile: try again
      // 0 is a lock being written right now.
      if (pid > 0 && !isAlive(pid)) rmSync(lock, { force: true });
      else Atomics.wait(pause, 0, 0, 250);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

function lockOwner(lock) {
  try {
    return Number(readFileSync(lock, 'utf8')) || 0;
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Runs `next build --webpack` unless .next holds a build of these exact sources. */
export function buildIfNeeded() {
  withBuildLock(() => {
    const stamp = join(root, '.next', 'klarefi-source-hash');
    const hash = sourceHash();
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
    console.log('Building the Next.js app first (next build: about a minute, again only after a change)…');
    const run = spawnSync(process.execPath, [next, 'build', '--webpack'], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    if (run.status !== 0) throw new Error(`next build failed (exit ${run.status}).`);
    writeFileSync(stamp, hash);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildIfNeeded();
  const port = process.env.PORT ?? '3000';
  const host = process.env.HOST ?? '127.0.0.1';
  const server = spawn(process.execPath, [next, 'start', '--port', port, '--hostname', host], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
  server.on('exit', (code) => process.exit(code ?? 0));
}
