/**
 * @module
 * `@klarefi/express`: Klarefi's start-claim redirect and verified webhook as an Express `Router`.
 */
import './types.js';

export { klarefiErrorHandler } from './error-handler.js';
export { rawBodySaver } from './raw-body.js';
export { klarefiRouter } from './router.js';
export type { KlarefiExpressOptions } from './types.js';
// Every adapter re-exports the same SDK names; its options type is `Klarefi<Framework>Options`.
export { isKlarefiHttpError, KlarefiClient, KlarefiConfigError, KlarefiHttpError } from '@klarefi/sdk';
export type {
  EventFor,
  KlarefiEvent,
  KlarefiEventContext,
  KlarefiEventHandler,
  KlarefiHttpErrorCode,
  KnownEventName,
  StartClaimOptions,
  StartClaimSessionParams,
  WebhookOptions,
} from '@klarefi/sdk';
