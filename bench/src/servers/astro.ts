import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { listen, type StartScenario } from './common.js';

const BENCH = fileURLToPath(new URL('../..', import.meta.url));
const APP = join(BENCH, 'astro-app');
const require = createRequire(import.meta.url);

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/**
 * `astro build` of bench/astro-app, skipped when dist/ holds a build of these exact sources and
 * built packages. Runs before the fleet starts, so that two children never build at once.
 */
export function buildAstroApp(): void {
  const hash = createHash('sha256');
  const inputs = [
    ...files(join(APP, 'src')),
    join(APP, 'astro.config.mjs'),
    join(BENCH, 'src', 'floor.ts'),
    join(BENCH, 'src', 'payloads.ts'),
    join(BENCH, 'src', 'servers', 'common.ts'),
    ...['astro', 'sdk'].flatMap((pkg) => files(join(BENCH, 'node_modules', '@klarefi', pkg, 'dist'))),
  ];
  for (const path of inputs.sort()) hash.update(relative(BENCH, path)).update(readFileSync(path));
  const digest = hash.digest('hex');
  const stamp = join(APP, 'dist', 'klarefi-source-hash');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  const bin = join(dirname(require.resolve('astro/package.json')), 'astro.js');
  const run = spawnSync(process.execPath, [bin, 'build', '--silent'], {
    cwd: APP,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  if (run.status !== 0)
    throw new Error(`astro build of bench/astro-app failed:\n${run.stdout}\n${run.stderr}`);
  writeFileSync(stamp, digest);
}

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
let prepared: Promise<NodeHandler> | undefined;

// The build's @astrojs/node middleware handler (what `mode: 'middleware'` exports for node:http),
// in this child process: the fleet then measures its CPU like every other server's.
async function startAstro(kind: 'adapter' | 'baseline' | 'peer', options: Parameters<StartScenario>[0]) {
  buildAstroApp();
  process.env.BENCH_ASTRO_KIND = kind;
  process.env.BENCH_SCENARIO_OPTIONS = JSON.stringify(options);
  prepared ??= import(pathToFileURL(join(APP, 'dist', 'server', 'entry.mjs')).href).then(
    (entry: { handler: NodeHandler }) => entry.handler,
  );
  const handle = await prepared;
  return listen(createServer((req, res) => void handle(req, res)));
}

/** Astro 5 (server output, `astro build`) with @klarefi/astro's `webhooks()` endpoint. */
export const astroAdapter: StartScenario = (options) => startAstro('adapter', options);

/** Astro with a hand-written endpoint reading `request.arrayBuffer()`. */
export const astroBaseline: StartScenario = (options) => startAstro('baseline', options);

/** Astro with an endpoint on `standardwebhooks`, reading `request.text()`. */
export const astroPeer: StartScenario = (options) => startAstro('peer', options);
