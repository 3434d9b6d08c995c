import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type KlarefiRouteArgs, startClaim, webhooks } from '@klarefi/react-router';
import { createRequestHandler } from '@react-router/express';
import express from 'express';
import type { ServerBuild } from 'react-router';
import { Webhook } from 'standardwebhooks';
import { floorVerify } from '../floor.js';
import { peerSecret } from '../payloads.js';
import { klarefiOptions, listen, START_CLAIM_PATH, type StartScenario, WEBHOOK_PATH } from './common.js';

const BENCH = fileURLToPath(new URL('../..', import.meta.url));
const APP = join(BENCH, 'react-router-app');

type RouteFunction = (args: KlarefiRouteArgs) => Promise<Response>;

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** `react-router build` of bench/react-router-app, skipped when dist holds a build of these sources. */
export function buildReactRouterApp(): void {
  const hash = createHash('sha256');
  const inputs = [
    ...files(join(APP, 'app')),
    ...['react-router.config.ts', 'vite.config.ts', 'package.json'].map((f) => join(APP, f)),
  ];
  for (const path of inputs.sort()) hash.update(relative(BENCH, path)).update(readFileSync(path));
  const digest = hash.digest('hex');
  const stamp = join(APP, 'dist', 'klarefi-source-hash');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  const bin = join(BENCH, 'node_modules', '@react-router', 'dev', 'bin.js');
  const run = spawnSync(process.execPath, [bin, 'build'], { cwd: APP, encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(`react-router build of bench/react-router-app failed:\n${run.stdout}\n${run.stderr}`);
  writeFileSync(stamp, digest);
}

// The build served as `react-router-serve` serves it: Express and React Router's request handler.
async function serve(routes: Map<string, RouteFunction>) {
  buildReactRouterApp();
  // What react-router-serve sets (vitest sets it to 'test').
  (process.env as Record<string, string>).NODE_ENV = 'production';
  const build = (await import(pathToFileURL(join(APP, 'dist', 'server', 'index.js')).href)) as ServerBuild;
  const app = express();
  app.disable('x-powered-by');
  app.all('*splat', createRequestHandler({ build, getLoadContext: () => ({ benchRoutes: routes }) }));
  return listen(createServer(app));
}

/** React Router 7 (production build) with @klarefi/react-router's `webhooks()` as the route's action. */
export const reactRouterAdapter: StartScenario = (options) => {
  const routes = new Map<string, RouteFunction>([[WEBHOOK_PATH, webhooks(klarefiOptions(options))]]);
  if (options.api) routes.set(START_CLAIM_PATH, startClaim(klarefiOptions(options)));
  return serve(routes);
};

/** React Router 7 with a hand-written action reading `request.arrayBuffer()`. */
export const reactRouterBaseline: StartScenario = ({ secret }) =>
  serve(
    new Map([
      [
        WEBHOOK_PATH,
        async ({ request }) => {
          const body = Buffer.from(await request.arrayBuffer());
          try {
            floorVerify(body, request.headers.get('x-klarefi-signature') ?? undefined, secret);
          } catch {
            return Response.json({ error: 'invalid signature' }, { status: 401 });
          }
          return Response.json({ received: true });
        },
      ],
    ]),
  );

/** React Router 7 with an action on `standardwebhooks`, reading `request.text()`. */
export const reactRouterPeer: StartScenario = ({ secret }) => {
  const webhook = new Webhook(peerSecret(secret));
  return serve(
    new Map([
      [
        WEBHOOK_PATH,
        async ({ request }) => {
          const body = await request.text();
          try {
            webhook.verify(body, Object.fromEntries(request.headers));
          } catch {
            return Response.json({ error: 'invalid signature' }, { status: 401 });
          }
          return Response.json({ received: true });
        },
      ],
    ]),
  );
};
