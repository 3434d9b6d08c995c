/**
 * @module
 * `@klarefi/fastify`: the Klarefi plugin for Fastify 4 and 5.
 */
import { klarefi } from './plugin.js';

export { type KlarefiFastifyOptions, klarefi } from './plugin.js';
export default klarefi;
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
