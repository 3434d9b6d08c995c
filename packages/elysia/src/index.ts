/**
 * @module
 * `@klarefi/elysia`: Klarefi's start-claim redirect and verified webhook as an Elysia plugin, on
 * Bun and Node.js.
 */
export {
  ELYSIA_RAW_BODY_HELP,
  type KlarefiElysiaContext,
  type KlarefiElysiaOptions,
  klarefi,
} from './plugin.js';
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
