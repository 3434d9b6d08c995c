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
} from './errors.js';
export {
  DEFAULT_CLIENT_OPTIONS,
  type IdempotentRequestOptions,
  type KlarefiClientOptions,
  type KlarefiFetch,
  type RequestOptions,
} from './options.js';
export type * from './types.js';
export { CLIENT_HEADER_VALUE, DEFAULT_BASE_URL, SDK_VERSION } from './version.js';
