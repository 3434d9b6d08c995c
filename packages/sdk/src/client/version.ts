declare const __KLAREFI_SDK_VERSION__: string;

/**
 * The version of `@klarefi/sdk`, sent in the `X-Klarefi-Client` header. The build (and vitest)
 * replace the placeholder with package.json's version, so a release bump needs no code change.
 */
export const SDK_VERSION: string = __KLAREFI_SDK_VERSION__;

/** The value of the `X-Klarefi-Client` header sent with every request. */
export const CLIENT_HEADER_VALUE = `klarefi-sdk-js/${SDK_VERSION}`;

/** The Klarefi API host used when `baseUrl` is not given. Every path lives under `/api/v1`. */
export const DEFAULT_BASE_URL = 'https://api.klarefi.com';

/** The path prefix of every documented endpoint. */
export const API_PREFIX = '/api/v1';

/** The prefix of idempotency keys the client generates, followed by a UUID. */
export const IDEMPOTENCY_KEY_PREFIX = 'klarefi-sdk-retry-';
