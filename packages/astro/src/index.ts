/**
 * @module
 * `@klarefi/astro`: Klarefi's start-claim redirect and verified webhook as Astro API endpoints
 * (`src/pages/*.ts`), for server output with any adapter.
 */
export {
  ASTRO_RAW_BODY_HELP,
  type KlarefiAstroOptions,
  type KlarefiEndpoints,
  startClaim,
  webhooks,
} from './endpoints.js';
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
