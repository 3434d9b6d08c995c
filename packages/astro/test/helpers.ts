import { createServer, request as httpRequest } from 'node:http';
import {
  type ConformanceDriver,
  type ConformanceRequest,
  type ConformanceResponse,
  type ListeningServer,
  listenOnFreePort,
} from '@klarefi/conformance';
import type { KlarefiOptions } from '@klarefi/sdk';
import astroPackage from 'astro/package.json' with { type: 'json' };
import { afterAll, beforeAll } from 'vitest';
import { startClaim, webhooks } from '../src/index.js';
import { fixtureHandler, routes } from './fixture-app.js';

export { routes };

export const ASTRO_VERSION: string = astroPackage.version;

/**
 * Serves the fixture's production build (globalSetup built it) with @astrojs/node's middleware
 * handler on node:http, for the test file that calls it; resolves the server's URL.
 */
export function serveFixture(): () => string {
  let server: ListeningServer | undefined;
  beforeAll(async () => {
    server = await listenOnFreePort(createServer(await fixtureHandler()));
  });
  afterAll(() => server?.close());
  return () => {
    if (!server)
      throw new Error('The Astro fixture is not served yet: call serveFixture() at the top of the file.');
    return server.url;
  };
}

/** Sends one request byte for byte with node:http, without following redirects. */
export function send(baseUrl: string, req: ConformanceRequest): Promise<ConformanceResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      `${baseUrl}${req.path}`,
      { method: req.method, headers: req.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(req.body === undefined ? undefined : Buffer.from(req.body));
  });
}

/**
 * Runs the suite through the fixture's route files: `src/pages/start-claim.ts` (or
 * `claims/begin.ts`) exports `ALL` from `startClaim(options)`, `src/pages/webhooks/klarefi.ts` (or
 * `hooks/claims.ts`) from `webhooks(options)`, as an app with those paths would place them.
 */
export function astroDriver(url: () => string): ConformanceDriver {
  return {
    name: `astro ${ASTRO_VERSION} (@astrojs/node, production build)`,
    // A session() hook's own error is the app's: Astro's error handling answers 500.
    sessionHookErrorStatus: 500,
    setup(options: KlarefiOptions<any>) {
      routes.clear();
      if (options.startClaim) routes.set(options.startClaim.path ?? '/start-claim', startClaim(options).ALL);
      routes.set(options.webhook?.path ?? '/webhooks/klarefi', webhooks(options).ALL);
      return { request: (req) => send(url(), req) };
    },
  };
}
