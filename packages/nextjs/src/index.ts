/**
 * @module
 * Klarefi for Next.js: App Router route handlers (Node.js and Edge runtimes) and a Pages Router
 * API route for `GET /start-claim` and the verified `POST /webhooks/klarefi`.
 */
export {
  klarefi,
  type KlarefiRouteHandler,
  type KlarefiRouteHandlers,
  startClaim,
  webhooks,
} from './app-router.js';
export type { KlarefiNextOptions, KlarefiNextOptionsInput } from './options.js';
export {
  type KlarefiApiRequest,
  type KlarefiApiRoute,
  klarefiApiRoute,
  PAGES_RAW_BODY_HELP,
} from './pages-router.js';
// Every adapter re-exports the same SDK names; its options type is `Klarefi<Framework>Options`.
export { KlarefiClient, KlarefiConfigError } from '@klarefi/sdk';
export type {
  EventFor,
  KlarefiEvent,
  KlarefiEventContext,
  KlarefiEventHandler,
  KlarefiRefusalCode,
  KnownEventName,
  StartClaimOptions,
  StartClaimSessionParams,
  WebhookOptions,
} from '@klarefi/sdk';
