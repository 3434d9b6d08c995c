/**
 * @module
 * Klarefi for Hono: middleware that answers `GET /start-claim` and the verified webhook route,
 * on Node, Bun, Deno and Cloudflare Workers.
 */
export {
  klarefi,
  type KlarefiHonoOptions,
  type KlarefiHonoOptionsInput,
  type KlarefiVariables,
} from './middleware.js';
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
