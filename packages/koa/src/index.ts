/**
 * @module
 * `@klarefi/koa`: Klarefi's start-claim redirect and verified webhook as Koa middleware.
 */
export { KOA_RAW_BODY_HELP, type KlarefiKoaOptions, type KlarefiState, klarefi } from './middleware.js';
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
