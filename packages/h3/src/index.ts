/**
 * @module
 * `@klarefi/h3`: Klarefi's start-claim redirect and verified webhook as an h3 event handler, for
 * Nuxt and Nitro server middleware and plain h3 apps.
 */
export {
  defineKlarefiHandler,
  H3_RAW_BODY_HELP,
  type KlarefiEventContextValues,
  type KlarefiH3Options,
} from './handler.js';
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
