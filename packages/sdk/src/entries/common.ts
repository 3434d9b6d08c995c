// What an integrator uses, on every runtime. Adapter plumbing lives in `./adapter/`.
export * from '../client/index.js';
// Types only: they cost nothing at run time, `klarefi types` augments this module's `Register`,
// and the handler context (`claim()`) and the `caseTypes` option are typed with them. The functions
// that read and check definitions are in `@klarefi/sdk/claims`.
export type {
  CaseTypeDefinition,
  CaseTypeId,
  CaseTypeQuestion,
  CaseTypeValues,
  Claim,
  ClaimOf,
  ClaimReader,
  KlarefiConfig,
  LocalizedText,
  Money,
  QuestionKind,
  Register,
  RegisteredCaseTypes,
  StandardSchemaV1,
  ValueMismatch,
} from '../claims/index.js';
export { KlarefiConfigError, KlarefiError, isKlarefiError } from '../errors/base.js';
export type { KlarefiFetchHandler } from '../handler/create.js';
export type { KlarefiAnswer, KlarefiRefusalCode } from '../handler/answer.js';
export type { InboxState, WebhookInbox } from '../handler/inbox.js';
export type * from '../handler/options.js';
export type * from '../types/index.js';
export {
  type DedupeState,
  type DedupeStore,
  MemoryDedupeStore,
  type MemoryDedupeStoreOptions,
} from '../webhooks/dedupe.js';
export { KlarefiWebhookSignatureError, type WebhookSignatureErrorCode } from '../errors/signature.js';
export { KlarefiUnavailableError, type KlarefiUnavailableErrorOptions } from '../errors/unavailable.js';
export {
  type KlarefiLogger,
  logWebhookOutcomes,
  type WebhookOutcome,
  type WebhookOutcomeHandler,
  type WebhookOutcomeKind,
} from '../handler/outcome.js';
export { eventName } from '../webhooks/event-name.js';
export type { RawBody } from '../webhooks/raw-body.js';
export type { ConstructEventOptions } from '../webhooks/timestamp.js';
export {
  constructEventAsync,
  createSignatureHeaderAsync,
  generateTestHeaderAsync,
} from '../webhooks/web-crypto.js';
