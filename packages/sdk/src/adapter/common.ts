// Adapter plumbing, on every runtime.
export {
  type KlarefiAnswer,
  type KlarefiRefusalCode,
  payloadTooLarge,
  REFUSALS,
} from '../handler/answer.js';
export { BODY_TOO_LARGE, type BodyRead, readStreamBody, readWebBody } from '../handler/body.js';
export type { KlarefiCore, KlarefiRoute } from '../handler/core.js';
export {
  createDispatcher,
  type DispatchContext,
  type DispatcherOptions,
  type KlarefiDispatcher,
} from '../handler/dispatch.js';
export type { CreateKlarefiCore } from '../handler/factories.js';
export type { InboxState, WebhookInbox } from '../handler/inbox.js';
export {
  describeOutcome,
  outcomeLevel,
  outcomeLogFields,
  outcomeObserver,
  withDefaultOutcomeLog,
} from '../handler/outcome.js';
export type { StartClaimRequest } from '../handler/start-claim.js';
export { ANSWER_RESERVE_MS } from '../handler/time-budget.js';
export { answerWebRequest, notFound, toWebResponse, type WebRequestInput } from '../handler/web-handler.js';
export type { HeaderValue, WebhookRequest } from '../handler/webhook.js';
