/**
 * @module
 * Klarefi for Azure Functions (the v4 programming model, `@azure/functions` 4): one `app.http()`
 * handler for `GET /start-claim` and the verified webhook route.
 */
export { type KlarefiAzureOptions, type KlarefiAzureRequest, klarefiAzure } from './handler.js';
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
