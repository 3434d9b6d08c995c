import { createCore, type KlarefiCore } from './core.js';
import type { Verifier } from './webhook.js';
import { createWebHandler, type KlarefiFetchHandler } from './create.js';
import type { KlarefiOptions } from './options.js';

/**
 * Builds the core every adapter wraps. Options are validated now; a missing secret or case
 * type throws a `KlarefiConfigError` that says what to set.
 */
export type CreateKlarefiCore = <TRequest = unknown, TTx = never>(
  options: KlarefiOptions<TRequest, TTx>,
) => KlarefiCore<TRequest>;

/**
 * A Web-standard `(request) => Promise<Response>` that serves `GET {startClaim.path}` and
 * `POST {webhook.path}` (full URL paths) and answers 404 elsewhere.
 */
export type CreateKlarefiHandler = <TTx = never>(
  options: KlarefiOptions<Request, TTx>,
) => KlarefiFetchHandler;

/**
 * The one definition of the factories, bound to a runtime's verifier: the Node entries pass
 * `node:crypto`, the Web entries Web Crypto. The entries call these under `@__PURE__`, so an app
 * that imports neither factory bundles neither.
 */
export function coreFactory(verify: Verifier): CreateKlarefiCore {
  return (options) => createCore(options, verify);
}

export function handlerFactory(verify: Verifier): CreateKlarefiHandler {
  return (options) => createWebHandler(createCore(options, verify));
}
