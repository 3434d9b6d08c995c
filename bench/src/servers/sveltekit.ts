import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { listen, type StartScenario } from './common.js';

const BENCH = fileURLToPath(new URL('../..', import.meta.url));
const APP = join(BENCH, 'sveltekit-app');
const BUILD = join(BENCH, 'node_modules', '.cache', 'sveltekit-app', 'build');
const require = createRequire(import.meta.url);

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => files(join(path, name)));
}

/** A hash of everything the build reads: the app, the bench code it imports, the built packages. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const inputs = [
    ...files(APP),
    ...['floor.ts', 'payloads.ts', join('servers', 'common.ts')].map((f) => join(BENCH, 'src', f)),
    ...['sveltekit', 'sdk'].flatMap((pkg) => files(join(BENCH, 'node_modules', '@klarefi', pkg, 'dist'))),
  ];
  for (const path of inputs.sort()) hash.update(relative(BENCH, path)).update(readFileSync(path));
  return hash.digest('hex');
}

/**
 * `vite build` of bench/sveltekit-app (adapter-node), skipped when the build is of these exact
 * sources. Runs before the fleet starts, so that two children never build at once.
 */
export function buildSvelteKitApp(): void {
  const digest = sourceHash();
  const stamp = join(BUILD, 'klarefi-source-hash');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const run = spawnSync(process.execPath, [vite, 'build'], { cwd: APP, encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(`vite build of bench/sveltekit-app failed:\n${run.stdout}\n${run.stderr}`);
  writeFileSync(stamp, digest);
}

type Handler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;
let prepared: Promise<Handler> | undefined;

// adapter-node's build/handler.js (its documented custom-server entry: what `node build` serves),
// in this child process, so the fleet measures its CPU like every other server's.
async function startSvelteKit(kind: 'adapter' | 'baseline' | 'peer', options: Parameters<StartScenario>[0]) {
  process.env.BENCH_SVELTEKIT_KIND = kind;
  process.env.BENCH_SCENARIO_OPTIONS = JSON.stringify(options);
  process.env.BODY_SIZE_LIMIT = '2M';
  prepared ??= import(pathToFileURL(join(BUILD, 'handler.js')).href).then((m) => m.handler as Handler);
  const handler = await prepared;
  return listen(createServer((req, res) => handler(req, res)));
}

/** SvelteKit 2 (adapter-node build) with @klarefi/sveltekit's `klarefiHandle()` in hooks.server.ts. */
export const svelteKitAdapter: StartScenario = (options) => startSvelteKit('adapter', options);

/** SvelteKit with a hand-written `handle` hook reading `request.arrayBuffer()`. */
export const svelteKitBaseline: StartScenario = (options) => startSvelteKit('baseline', options);

/** SvelteKit with a `handle` hook on `standardwebhooks`, reading `request.text()`. */
export const svelteKitPeer: StartScenario = (options) => startSvelteKit('peer', options);
