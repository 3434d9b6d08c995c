import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { listen, type StartScenario } from './common.js';

const APP = fileURLToPath(new URL('../../sveltekit-app/', import.meta.url));
const BUILD = fileURLToPath(new URL('../../node_modules/.cache/sveltekit-app/build/', import.meta.url));
const require = createRequire(import.meta.url);

/** `vite build` of bench/sveltekit-app (adapter-node), once per bench run, before the fleet starts. */
export function buildSvelteKitApp(): void {
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const run = spawnSync(process.execPath, [vite, 'build'], { cwd: APP, encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(`vite build of bench/sveltekit-app failed:\n${run.stdout}\n${run.stderr}`);
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
