import { createCore, type KlarefiCore, type Verifier } from './core.js';
import type { KlarefiOptions } from './options.js';
import { notFound, routeWebRequest } from './web-handler.js';

/** A Web-standard handler: for Next.js route handlers, Bun, Deno, Workers. */
export type KlarefiFetchHandler = (request: Request) => Promise<Response>;

export function bindFactories(verify: Verifier) {
  /**
   * Builds the core every adapter wraps. Options are validated now; a missing secret or case
   * type throws a `KlarefiConfigError` that says what to set.
   */
  function createKlarefiCore<TRequest = unknown>(options: KlarefiOptions<TRequest>): KlarefiCore<TRequest> {
    return createCore(options, verify);
  }

  /**
   * A Web-standard `(request) => Promise<Response>` that serves `GET {startClaim.path}` and
   * `POST {webhook.path}` (full URL paths) and answers 404 elsewhere.
   * @example
   * const handler = createKlarefiHandler({ apiKey, webhookSecret, startClaim: { caseTypeId: 'motor_claim' } });
   * export const GET = handler; export const POST = handler;
   */
  function createKlarefiHandler(options: KlarefiOptions<Request>): KlarefiFetchHandler {
    const core = createCore(options, verify);
    return async function klarefiHandler(request: Request): Promise<Response> {
      return (await routeWebRequest(core, request, new URL(request.url).pathname)) ?? notFound();
    };
  }

  return { createKlarefiCore, createKlarefiHandler };
}
