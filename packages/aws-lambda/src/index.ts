/**
 * @module
 * Klarefi for AWS Lambda: one handler for `GET /start-claim` and the verified webhook route,
 * behind API Gateway (REST and HTTP APIs), Function URLs and Application Load Balancers.
 */
export {
  type KlarefiLambdaHandler,
  type KlarefiLambdaOptions,
  type KlarefiLambdaRequest,
  klarefiLambda,
  type LambdaContextLike,
} from './handler.js';
export {
  detectShape,
  type LambdaEventShape,
  type LambdaHttpEvent,
  type LambdaHttpResult,
} from './events.js';
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
