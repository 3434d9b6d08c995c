import type { ConformanceApp, ConformanceDriver, ConformanceRequest } from '@klarefi/conformance';
import type { KlarefiOptions } from '@klarefi/sdk';
import {
  klarefi,
  type KlarefiRouteHandler,
  type KlarefiRouteHandlers,
  startClaim,
  webhooks,
} from '../src/index.js';

/** How an app places the routes: one catch-all route file, or one file per route. */
export type Layout = 'catch-all' | 'route-files';

/** `NextRequest` from the Next.js major under test (`next/server` or `next14/server`). */
export type NextRequestClass = new (input: string, init?: any) => Request;

type RouteModule = Partial<KlarefiRouteHandlers>;
const CATCH_ALL = '/api/klarefi';

/**
 * Calls the exported route handlers with real `NextRequest`s, routed the way Next.js's file
 * router would: the catch-all at `app/api/klarefi/[...klarefi]/route.ts`, or route files at the
 * configured paths. A method the file does not export answers 405, and a thrown error 500, as
 * Next.js answers them.
 */
export function nextDriver(layout: Layout, NextRequest: NextRequestClass, label: string): ConformanceDriver {
  return {
    name: `next ${label} App Router (${layout})`,
    sessionHookErrorStatus: 500,
    setup(options: KlarefiOptions<any>): ConformanceApp {
      const files = new Map<string, RouteModule>();
      let prefix = '';
      if (layout === 'catch-all') {
        prefix = CATCH_ALL;
        const { GET, POST, PUT, PATCH, DELETE } = klarefi(options);
        files.set('*', { GET, POST, PUT, PATCH, DELETE });
      } else {
        // Each file exports every method, so that a wrong one gets Klarefi's 405 with `allow`.
        files.set(options.webhook?.path ?? '/webhooks/klarefi', { ...webhooks(options) });
        if (options.startClaim)
          files.set(options.startClaim.path ?? '/start-claim', { ...startClaim(options) });
      }
      return {
        async request({ method, path, headers, body }: ConformanceRequest) {
          const url = new URL(`http://localhost:3000${prefix}${path}`);
          const file =
            layout === 'catch-all' && url.pathname.startsWith(`${CATCH_ALL}/`)
              ? files.get('*')
              : files.get(url.pathname);
          if (!file) return { status: 404, headers: {}, body: 'Not Found' };
          const handler = file[method as keyof RouteModule] as KlarefiRouteHandler | undefined;
          if (!handler) return { status: 405, headers: { allow: Object.keys(file).join(', ') }, body: '' };
          const bytes = body instanceof Uint8Array ? new Uint8Array(body) : body;
          const request = new NextRequest(url.href, { method, headers, body: bytes });
          let response: Response;
          try {
            response = await handler(request);
          } catch {
            return { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' };
          }
          return {
            status: response.status,
            headers: Object.fromEntries(response.headers),
            body: await response.text(),
          };
        },
      };
    },
  };
}
