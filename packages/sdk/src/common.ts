// What an integrator uses, on every runtime. Adapter plumbing lives in `./adapter/`.
export * from './client/index.js';
export {
  type CaseTypeDefinition,
  type CaseTypeId,
  type CaseTypeQuestion,
  type CaseTypeValues,
  type Claim,
  type ClaimOf,
  type ClaimReader,
  caseTypeSchema,
  checkCaseType,
  checkValues,
  defineCaseType,
  defineConfig,
  type KlarefiConfig,
  KlarefiClaimError,
  type LocalizedText,
  type Money,
  QUESTION_KINDS,
  type QuestionKind,
  type Register,
  type RegisteredCaseTypes,
  readCaseTypes,
  type StandardSchemaV1,
  type ValueMismatch,
} from './claims/index.js';
export { KlarefiConfigError, KlarefiError, isKlarefiError } from './errors/base.js';
export type { KlarefiFetchHandler } from './handler/create.js';
export type { KlarefiAnswer, KlarefiRefusalCode } from './handler/answer.js';
export type { InboxState, WebhookInbox } from './handler/inbox.js';
export type * from './handler/options.js';
export type * from './types/index.js';
export { KNOWN_EVENT_TYPES } from './types/events.js';
export {
  type DedupeState,
  type DedupeStore,
  MemoryDedupeStore,
  type MemoryDedupeStoreOptions,
} from './webhooks/dedupe.js';
export { KlarefiWebhookSignatureError, type WebhookSignatureErrorCode } from './errors/signature.js';
export {
  isKlarefiUnavailableError,
  KlarefiUnavailableError,
  type KlarefiUnavailableErrorOptions,
} from './errors/unavailable.js';
export {
  type KlarefiLogger,
  logWebhookOutcomes,
  type WebhookOutcome,
  type WebhookOutcomeHandler,
  type WebhookOutcomeKind,
} from './handler/outcome.js';
export { eventName, isEnvelope } from './webhooks/event-name.js';
export { SIGNATURE_HEADER } from './webhooks/header.js';
export type { ConstructEventOptions, RawBody } from './webhooks/shared.js';
export {
  constructEventAsync,
  createSignatureHeaderAsync,
  generateTestHeaderAsync,
} from './webhooks/web-crypto.js';
