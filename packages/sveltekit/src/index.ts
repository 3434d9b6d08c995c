/**
 * @module
 * `@klarefi/sveltekit`: Klarefi's start-claim redirect and verified webhook as a SvelteKit
 * `handle` hook and as `+server.ts` request handlers.
 */
export { klarefiHandle, SVELTEKIT_RAW_BODY_HELP } from './handle.js';
export type { KlarefiSvelteKitOptions, KlarefiSvelteKitOptionsInput } from './options.js';
export { type KlarefiRequestHandlers, startClaim, webhooks } from './routes.js';
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
