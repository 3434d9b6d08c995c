import type { KlarefiCore } from './core.js';
import { isKlarefiHttpError } from '../errors/http.js';
import { handleWebRequest, notFound, toWebResponse } from './web-handler.js';

/** A Web-standard handler: for Next.js route handlers, Bun, Deno, Workers. */
export type KlarefiFetchHandler = (request: Request) => Promise<Response>;

/** Serves a core over Web `Request`/`Response`: its two paths, and 404 elsewhere. */
export function createWebHandler(core: KlarefiCore<Request>): KlarefiFetchHandler {
  return async function klarefiHandler(request: Request): Promise<Response> {
    try {
      const path = new URL(request.url).pathname;
      const result = await handleWebRequest(core, { request, path, context: request });
      return result ? toWebResponse(result) : notFound();
    } catch (error) {
      if (isKlarefiHttpError(error)) return error.toResponse();
      throw error;
    }
  };
}
