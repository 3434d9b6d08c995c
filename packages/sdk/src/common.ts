export * from './client/index.js';
export { KlarefiConfigError, KlarefiError, isKlarefiError } from './errors.js';
export type {
  HandlerResponse,
  HeaderSource,
  KlarefiCore,
  StartClaimInput,
  WebhookInput,
} from './handler/core.js';
export type { KlarefiFetchHandler } from './handler/create.js';
export { isKlarefiHttpError, KlarefiHttpError, type KlarefiHttpErrorCode } from './handler/http-error.js';
export type {
  KlarefiEventContext,
  KlarefiEventHandler,
  KlarefiEventHandlers,
  KlarefiOptions,
  StartClaimOptions,
  StartClaimSessionParams,
  WebhookOptions,
} from './handler/options.js';
export { readRequestBody, routeWebRequest, toWebResponse } from './handler/web-handler.js';
export type * from './types/index.js';
export {
  type DedupeState,
  type DedupeStore,
  MemoryDedupeStore,
  type MemoryDedupeStoreOptions,
} from './webhooks/dedupe.js';
export { KlarefiWebhookSignatureError, type WebhookSignatureErrorCode } from './webhooks/errors.js';
export { eventName, isEnvelope } from './webhooks/event-name.js';
export { type ParsedSignatureHeader, parseSignatureHeader, SIGNATURE_HEADER } from './webhooks/header.js';
export type { ConstructEventOptions, RawBody } from './webhooks/shared.js';
export {
  constructEventAsync,
  createSignatureHeaderAsync,
  generateTestHeaderAsync,
} from './webhooks/web-crypto.js';
