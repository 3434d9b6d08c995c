import { once } from 'node:events';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type {
  ConformanceApp,
  ConformanceDriver,
  ConformanceRequest,
  ConformanceResponse,
} from '@klarefi/conformance';
import type { KlarefiOptions } from '@klarefi/sdk';
import type { RequestHandler } from '@sveltejs/kit';
import { klarefiHandle, startClaim, webhooks } from '../src/index.js';
import { BUILD_DIR, install } from './fixture-server.js';

export { install };

let listening: Promise<{ origin: string; server: Server }> | undefined;

/**
 * The fixture app's production server (adapter-node's build/index.js, built once by
 * global-setup.ts), started in this process on a free loopback port (HOST and PORT from
 * vitest.config.ts) so that each test can install its own hook and route handlers.
 */
export function fixtureServer(): Promise<{ origin: string; server: Server }> {
  listening ??= (async () => {
    const built = (await import(pathToFileURL(`${BUILD_DIR}/index.js`).href)) as {
      server: { server: Server };
    };
    const server = built.server.server;
    if (!server.listening) await once(server, 'listening');
    return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
  })();
  return listening;
}

/** Stops the fixture server, dropping keep-alive connections. */
export async function closeFixtureServer(): Promise<void> {
  if (!listening) return;
  const { server } = await listening;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/**
 * Sends one request to the running fixture server, byte for byte, without following redirects.
 * Each request has a connection of its own: after a refused oversize body, adapter-node drops the
 * connection whose body was left unread, and a pooled client would reuse it for the next test.
 */
export async function send(req: ConformanceRequest): Promise<ConformanceResponse> {
  const { origin } = await fixtureServer();
  return new Promise((resolve, reject) => {
    const out = request(
      `${origin}${req.path}`,
      { method: req.method, headers: req.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', reject);
        res.once('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    out.once('error', reject);
    out.end(req.body === undefined ? undefined : Buffer.from(req.body));
  });
}

/** How the app places Klarefi: the README's hook (in `sequence()`), or one `+server.ts` per route. */
export type Mount = 'handle' | 'route-files';

/**
 * Runs the suite through SvelteKit's own production server: adapter-node serving the fixture
 * build, with the package's `handle` hook or its `+server.ts` handlers installed per test.
 */
export function svelteKitDriver(mount: Mount): ConformanceDriver {
  return {
    name: `sveltekit 2 + adapter-node (${mount})`,
    // A session() hook's own error goes to SvelteKit's handleError: its answer is a 500.
    sessionHookErrorStatus: 500,
    async setup(options: KlarefiOptions<any>): Promise<ConformanceApp> {
      await fixtureServer();
      if (mount === 'handle') {
        // hooks.server.ts: sequence(klarefiHandle(options), appHook).
        install({ handle: klarefiHandle(options) });
      } else {
        const routes = new Map<string, Record<string, RequestHandler>>();
        // Only where the app put its files: the file's location is the route.
        routes.set(options.webhook?.path ?? '/webhooks/klarefi', { ...webhooks(options) });
        if (options.startClaim)
          routes.set(options.startClaim.path ?? '/start-claim', { ...startClaim(options) });
        install({ routes });
      }
      return { request: send, close: async () => install({}) };
    },
  };
}
