/**
 * @module
 * `@klarefi/express`: Klarefi's start-claim redirect and verified webhook as an Express `Router`.
 */
import './types.js';

export { rawBodySaver } from './raw-body.js';
export { klarefiRouter } from './router.js';
export type { KlarefiExpressOptions } from './types.js';
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
