/**
 * @module
 * `@klarefi/sdk` for Node.js (and Bun, Deno): webhook verification on `node:crypto`.
 */
import { createCore, type KlarefiCore } from './handler/core.js';
import { createWebHandler, type KlarefiFetchHandler } from './handler/create.js';
import type { KlarefiOptions } from './handler/options.js';
import { verifyAndParse } from './webhooks/node.js';

export * from './common.js';
export {
  constructEvent,
  constructEventAsync,
  createSignatureHeader,
  createSignatureHeaderAsync,
  generateTestHeader,
  generateTestHeaderAsync,
  type SignatureInput,
} from './webhooks/node.js';

/**
 * Builds the core every adapter wraps. Options are validated now; a missing secret or case
 * type throws a `KlarefiConfigError` that says what to set.
 */
export function createKlarefiCore<TRequest = unknown>(
  options: KlarefiOptions<TRequest>,
): KlarefiCore<TRequest> {
  return createCore(options, verifyAndParse);
}

/**
 * A Web-standard `(request) => Promise<Response>` that serves `GET {startClaim.path}` and
 * `POST {webhook.path}` (full URL paths) and answers 404 elsewhere.
 * @example
 * const handler = createKlarefiHandler({ apiKey, webhookSecret, startClaim: { caseTypeId: 'motor_claim' } });
 * export const GET = handler; export const POST = handler;
 */
export function createKlarefiHandler(options: KlarefiOptions<Request>): KlarefiFetchHandler {
  return createWebHandler(createCore(options, verifyAndParse));
}
