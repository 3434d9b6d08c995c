/**
 * The Klarefi API client: `KlarefiClient`, its error classes and the wire types of every call.
 */
export { KlarefiClient } from './client.js';
export type { KlarefiClock } from './clock.js';
export {
  KlarefiAbortError,
  KlarefiApiError,
  type KlarefiApiErrorDetails,
  KlarefiArgumentError,
  KlarefiAuthenticationError,
  KlarefiAuthorizationError,
  KlarefiBillingError,
  KlarefiConnectionError,
  KlarefiInternalError,
  KlarefiNotFoundError,
  KlarefiPreconditionError,
  KlarefiRateLimitError,
  KlarefiTimeoutError,
  KlarefiValidationError,
  isKlarefiApiError,
} from '../errors/api.js';
export type {
  IdempotentRequestOptions,
  KlarefiClientOptions,
  KlarefiFetch,
  RequestOptions,
} from './options.js';
export type * from './types.js';
