/**
 * @module
 * `@klarefi/fastify`: the Klarefi plugin for Fastify 4 and 5.
 */
import { klarefi } from './plugin.js';

export { type KlarefiFastifyOptions, klarefi } from './plugin.js';
export default klarefi;

export { KlarefiClient, KlarefiHttpError } from '@klarefi/sdk';
export type {
  EventFor,
  KlarefiEvent,
  KlarefiEventContext,
  KlarefiEventHandler,
  KlarefiHttpErrorCode,
  StartClaimOptions,
  StartClaimSessionParams,
  WebhookOptions,
} from '@klarefi/sdk';
