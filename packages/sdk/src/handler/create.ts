import type { KlarefiCore } from './core.js';
import { answerWebRequest, notFound, toWebResponse } from './web-handler.js';

/** A Web-standard handler: for Next.js route handlers, Bun, Deno, Workers. */
export type KlarefiFetchHandler = (request: Request) => Promise<Response>;

/** Serves a core over Web `Request`/`Response`: its two paths, and 404 elsewhere. */
export function createWebHandler(core: KlarefiCore<Request>): KlarefiFetchHandler {
  return async function klarefiHandler(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    const answer = await (answerWebRequest(core, { request, path, context: request }) ?? notFound(core));
    return toWebResponse(answer);
  };
}
