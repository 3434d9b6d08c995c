/**
 * @module
 * `@klarefi/sdk` for runtimes without `node:crypto` (Workers, browsers): Web Crypto only.
 */
import { KlarefiError } from '../errors/base.js';
import { type CreateKlarefiHandler, handlerFactory } from '../handler/factories.js';
import type { SignatureInput } from '../webhooks/node.js';
import type { RawBody } from '../webhooks/raw-body.js';
import type { ConstructEventOptions } from '../webhooks/timestamp.js';
import { verifyAndParseAsync } from '../webhooks/web-crypto.js';
import type { KlarefiEvent } from '../types/events.js';

export * from './common.js';
export {
  constructEventAsync,
  createSignatureHeaderAsync,
  generateTestHeaderAsync,
} from '../webhooks/web-crypto.js';
export type { SignatureInput };

function needsNodeCrypto(name: string): never {
  throw new KlarefiError(
    `${name} is synchronous and needs node:crypto, which this runtime lacks. Use await ${name}Async(...) instead.`,
  );
}

/** Not available on this runtime: use `constructEventAsync`. */
export function constructEvent(
  _rawBody: RawBody,
  _signatureHeader: string | string[] | null | undefined,
  _secret: string | readonly string[],
  _options?: ConstructEventOptions,
): KlarefiEvent {
  return needsNodeCrypto('constructEvent');
}

/** Not available on this runtime: use `createSignatureHeaderAsync`. */
export function createSignatureHeader(_input: SignatureInput): string {
  return needsNodeCrypto('createSignatureHeader');
}

/** Not available on this runtime: use `generateTestHeaderAsync`. */
export function generateTestHeader(_input: {
  payload: string | Uint8Array;
  secret: string;
  timestamp?: number;
}): string {
  return needsNodeCrypto('generateTestHeader');
}

/**
 * A Web-standard `(request) => Promise<Response>` that serves `GET {startClaim.path}` and
 * `POST {webhook.path}` (full URL paths) and answers 404 elsewhere.
 * @example
 * const handler = createKlarefiHandler({ apiKey, webhookSecret, startClaim: { caseTypeId: 'motor_claim' } });
 * export const GET = handler; export const POST = handler;
 */
export const createKlarefiHandler: CreateKlarefiHandler = /* @__PURE__ */ handlerFactory(verifyAndParseAsync);
