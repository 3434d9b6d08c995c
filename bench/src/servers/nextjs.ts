import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listen, type StartScenario } from './common.js';

const BENCH = fileURLToPath(new URL('../..', import.meta.url));
const APP = join(BENCH, 'next-app');
const require = createRequire(import.meta.url);

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/**
 * `next build` of bench/next-app, skipped when .next holds a build of these exact sources and
 * built packages. Runs before the fleet starts, so that two children never build at once.
 */
export function buildNextApp(): void {
  const hash = createHash('sha256');
  const inputs = [
    ...files(join(APP, 'app')),
    ...['scenario.ts', 'next.config.mjs', 'tsconfig.json'].map((f) => join(APP, f)),
    join(BENCH, 'src', 'floor.ts'),
    join(BENCH, 'src', 'payloads.ts'),
    join(BENCH, 'src', 'servers', 'common.ts'),
    ...['nextjs', 'sdk'].flatMap((pkg) => files(join(BENCH, 'node_modules', '@klarefi', pkg, 'dist'))),
  ];
  for (const path of inputs.sort()) hash.update(relative(BENCH, path)).update(readFileSync(path));
  const digest = hash.digest('hex');
  const stamp = join(APP, '.next', 'klarefi-source-hash');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  const bin = join(dirname(require.resolve('next/package.json')), 'dist', 'bin', 'next');
  const run = spawnSync(process.execPath, [bin, 'build', '--webpack'], {
    cwd: APP,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`next build of bench/next-app failed:\n${run.stdout}\n${run.stderr}`);
  writeFileSync(stamp, digest);
}

type RequestHandler = (req: unknown, res: unknown) => Promise<void>;
let prepared: Promise<RequestHandler> | undefined;

// Next's production server (what `next start` runs), through its public custom-server API, in
// this child process: the fleet then measures its CPU like every other server's. One Next
// instance per process; the scenario is read per request, so a second start reuses it.
async function nextHandler(): Promise<RequestHandler> {
  const { default: next } = (await import('next')) as unknown as {
    default: (options: { dev: boolean; dir: string; quiet?: boolean }) => {
      prepare(): Promise<void>;
      getRequestHandler(): RequestHandler;
    };
  };
  const app = next({ dev: false, dir: APP, quiet: true });
  await app.prepare();
  return app.getRequestHandler();
}

async function startNext(kind: 'adapter' | 'baseline' | 'peer', options: Parameters<StartScenario>[0]) {
  buildNextApp();
  process.env.BENCH_NEXT_KIND = kind;
  process.env.BENCH_SCENARIO_OPTIONS = JSON.stringify(options);
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  // What `next start` sets; a custom server must too (vitest sets it to 'test').
  (process.env as Record<string, string>).NODE_ENV = 'production';
  prepared ??= nextHandler();
  const handle = await prepared;
  return listen(createServer((req, res) => void handle(req, res)));
}

/** Next.js (App Router, `next build` output) with @klarefi/nextjs's `webhooks()` route handler. */
export const nextAdapter: StartScenario = (options) => startNext('adapter', options);

/** Next.js with a hand-written route handler reading `request.arrayBuffer()`. */
export const nextBaseline: StartScenario = (options) => startNext('baseline', options);

/** Next.js with a route handler on `standardwebhooks`, reading `request.text()`. */
export const nextPeer: StartScenario = (options) => startNext('peer', options);
