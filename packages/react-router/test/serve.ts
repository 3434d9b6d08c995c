import { createServer, type RequestListener } from 'node:http';
import type { ConformanceDriver, ConformanceRequest, ConformanceResponse } from '@klarefi/conformance';
import { listenOnFreePort } from '@klarefi/conformance';
import type { KlarefiOptions } from '@klarefi/sdk';
import request from 'supertest';
import { type KlarefiRouteFunction, klarefi, startClaim, webhooks } from '../src/index.js';

type Method = 'get' | 'post' | 'put' | 'delete' | 'patch' | 'head' | 'options';

/** An app serving a build with these route functions, on 127.0.0.1 (port 0). */
export interface TestApp {
  url: string;
  send(req: ConformanceRequest): Promise<ConformanceResponse>;
  close(): Promise<void>;
}

/**
 * Listens with `app` (an Express app of any major) on a free port; `send` goes over HTTP with
 * supertest, the body byte for byte, redirects not followed.
 */
export async function listen(app: RequestListener): Promise<TestApp> {
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

/** What a conformance driver needs from one server: its name and how it serves route files. */
export interface Server {
  name: string;
  /** The status the server answers when a route function throws (the session() hook's error). */
  sessionHookErrorStatus: number;
  /** Serves `routes` (route functions by path: `/webhooks/klarefi`, `/klarefi/*`) as route files. */
  serve(routes: Map<string, KlarefiRouteFunction>): Promise<TestApp>;
}

/**
 * The conformance driver for one server and layout. `route-files`: one route file for the
 * webhook (`webhooks()`) and one for the start-claim redirect (`startClaim()`, when enabled), at
 * the paths the options name. `splat`: `klarefi()` as `klarefi/*`, the suite's paths sent under
 * /klarefi.
 */
export function layoutDriver(layout: Layout, server: Server): ConformanceDriver {
  return {
    name: server.name,
    sessionHookErrorStatus: server.sessionHookErrorStatus,
    async setup(options: KlarefiOptions<any>) {
      const routes = new Map<string, KlarefiRouteFunction>();
      if (layout === 'splat') {
        routes.set('/klarefi/*', klarefi(options));
        const app = await server.serve(routes);
        return { request: (req) => app.send({ ...req, path: `/klarefi${req.path}` }), close: app.close };
      }
      routes.set(options.webhook?.path ?? '/webhooks/klarefi', webhooks(options));
      if (options.startClaim) routes.set(options.startClaim.path ?? '/start-claim', startClaim(options));
      const app = await server.serve(routes);
      return { request: app.send, close: app.close };
    },
  };
}
