// Adapter plumbing, on every runtime.
export {
  type KlarefiAnswer,
  type KlarefiRefusalCode,
  payloadTooLarge,
  REFUSALS,
} from '../handler/answer.js';
export { BODY_TOO_LARGE, type BodyRead, readStreamBody, readWebBody } from '../handler/body.js';
export type { KlarefiCore, KlarefiRoute } from '../handler/core.js';
export type { RouteMatch } from '../handler/route-match.js';
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
// What tooling and adapters share but an integrator does not need at the root.
export { DEFAULT_BASE_URL } from '../client/version.js';
export { isKlarefiUnavailableError } from '../errors/unavailable.js';
export { KNOWN_EVENT_TYPES } from '../types/known-events.js';
export { isEnvelope } from '../webhooks/event-name.js';
export { SIGNATURE_HEADER } from '../webhooks/header.js';
export { type OptionChecker, optionChecker } from '../shared/options.js';
export { describeValue } from '../shared/redact.js';
export { withTimeout } from '../shared/timeout.js';
