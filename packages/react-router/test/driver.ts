import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConformanceDriver, ConformanceRequest, ConformanceResponse } from '@klarefi/conformance';
import { listenOnFreePort } from '@klarefi/conformance';
import type { KlarefiOptions } from '@klarefi/sdk';
import { createRequestHandler } from '@react-router/express';
import express from 'express';
import type { ServerBuild } from 'react-router';
import routerPackage from 'react-router/package.json' with { type: 'json' };
import request from 'supertest';
import { type KlarefiRouteFunction, klarefi, startClaim, webhooks } from '../src/index.js';
import { FIXTURE } from './global-setup.js';

export const REACT_ROUTER_VERSION: string = routerPackage.version;

/** The fixture's production build (test/fixture/dist, made once by global-setup.ts). */
export async function fixtureBuild(): Promise<ServerBuild> {
  return import(pathToFileURL(join(FIXTURE, 'dist', 'server', 'index.js')).href);
}

type Method = 'get' | 'post' | 'put' | 'delete' | 'patch' | 'head' | 'options';

/** An app serving the fixture build with these route functions, on 127.0.0.1 (port 0). */
export interface TestApp {
  url: string;
  send(req: ConformanceRequest): Promise<ConformanceResponse>;
  close(): Promise<void>;
}

/**
 * Serves the fixture build the way `react-router-serve` does (Express and React Router's
 * request handler, no body parser), with `routes` as the route files this app has, by path.
 */
export async function serveFixture(routes: Map<string, KlarefiRouteFunction>): Promise<TestApp> {
  const build = await fixtureBuild();
  const app = express();
  app.disable('x-powered-by');
  app.all('*splat', createRequestHandler({ build, getLoadContext: () => ({ klarefiRoutes: routes }) }));
  const server = await listenOnFreePort(createServer(app));
  return {
    url: server.url,
    close: server.close,
    async send(req) {
      const method = req.method.toLowerCase() as Method;
      let test = request(server.url)[method](req.path).redirects(0);
      for (const [name, value] of Object.entries(req.headers ?? {})) test = test.set(name, value);
      if (typeof req.body === 'string') test = test.send(req.body);
      // superagent JSON-encodes a Buffer sent as application/json unless told to send it as is.
      else if (req.body !== undefined)
        test = test.serialize((bytes: Buffer) => bytes as unknown as string).send(Buffer.from(req.body));
      const res = await test.ok(() => true);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers as Record<string, string | string[]>)) {
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      return { status: res.status, headers, body: res.text ?? '' };
    },
  };
}

/** How an app places the routes: one route file per route, or one splat route for both. */
export type Layout = 'route-files' | 'splat';

/**
 * The conformance driver, served by the fixture's production build. `route-files`: one route file
 * for the webhook (`webhooks()`) and one for the start-claim redirect (`startClaim()`, when
 * enabled), at the paths the options name. `splat`: `klarefi()` as `klarefi/*`, the suite's paths
 * sent under /klarefi.
 */
export function driver(layout: Layout): ConformanceDriver {
  return {
    name: `react-router ${REACT_ROUTER_VERSION} (${layout}, production build)`,
    // A session() hook's own error reaches React Router's error handling, which answers 500.
    sessionHookErrorStatus: 500,
    async setup(options: KlarefiOptions<any>) {
      const routes = new Map<string, KlarefiRouteFunction>();
      if (layout === 'splat') {
        routes.set('/klarefi/*', klarefi(options));
        const app = await serveFixture(routes);
        return { request: (req) => app.send({ ...req, path: `/klarefi${req.path}` }), close: app.close };
      }
      routes.set(options.webhook?.path ?? '/webhooks/klarefi', webhooks(options));
      if (options.startClaim) routes.set(options.startClaim.path ?? '/start-claim', startClaim(options));
      const app = await serveFixture(routes);
      return { request: app.send, close: app.close };
    },
  };
}
