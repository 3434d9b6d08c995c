/**
 * @module
 * `@klarefi/express`: Klarefi's start-claim redirect and verified webhook as an Express `Router`.
 */
import './types.js';

export { klarefiErrorHandler } from './error-handler.js';
export { rawBodySaver } from './raw-body.js';
export { klarefiRouter } from './router.js';
export type { KlarefiRouterOptions } from './types.js';
export { KlarefiHttpError } from '@klarefi/sdk';
export type {
  KlarefiEvent,
  KlarefiEventContext,
  KlarefiEventHandler,
  KlarefiHttpErrorCode,
  StartClaimOptions,
  WebhookOptions,
} from '@klarefi/sdk';
