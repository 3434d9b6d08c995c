/**
 * @module
 * `@klarefi/sdk` for Node.js (and Bun, Deno): webhook verification on `node:crypto`.
 */
import { type CreateKlarefiHandler, handlerFactory } from '../handler/factories.js';
import { verifyAndParse } from '../webhooks/node.js';

export * from './common.js';
export {
  constructEvent,
  constructEventAsync,
  createSignatureHeader,
  createSignatureHeaderAsync,
  generateTestHeader,
  generateTestHeaderAsync,
  type SignatureInput,
} from '../webhooks/node.js';

/**
 * A Web-standard `(request) => Promise<Response>` that serves `GET {startClaim.path}` and
 * `POST {webhook.path}` (full URL paths) and answers 404 elsewhere.
 * @example
 * const handler = createKlarefiHandler({ apiKey, webhookSecret, startClaim: { caseTypeId: 'motor_claim' } });
 * export const GET = handler; export const POST = handler;
 */
export const createKlarefiHandler: CreateKlarefiHandler = /* @__PURE__ */ handlerFactory(verifyAndParse);
