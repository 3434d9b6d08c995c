import type { KlarefiCore } from './core.js';
import { notFound, routeWebRequest } from './web-handler.js';

/** A Web-standard handler: for Next.js route handlers, Bun, Deno, Workers. */
export type KlarefiFetchHandler = (request: Request) => Promise<Response>;

/** Serves a core over Web `Request`/`Response`: its two paths, and 404 elsewhere. */
export function createWebHandler(core: KlarefiCore<Request>): KlarefiFetchHandler {
  return async function klarefiHandler(request: Request): Promise<Response> {
    return (await routeWebRequest(core, request, new URL(request.url).pathname)) ?? notFound();
  };
}
