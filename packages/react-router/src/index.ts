/**
 * @module
 * `@klarefi/react-router`: Klarefi's start-claim redirect and verified webhook as resource-route
 * `loader`s and `action`s, for React Router 7 framework mode and Remix 2.
 */
export {
  klarefi,
  type KlarefiReactRouterOptions,
  type KlarefiRouteArgs,
  type KlarefiRouteFunction,
  type KlarefiWebhookRouteOptions,
  startClaim,
  webhooks,
} from './route.js';
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
