/**
 * @module
 * `@klarefi/fastify`: the Klarefi plugin for Fastify 4 and 5.
 */
import { klarefi } from './plugin.js';

export { type KlarefiFastifyOptions, klarefi } from './plugin.js';
export default klarefi;
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
