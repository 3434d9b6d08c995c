import { guardFor, KlarefiError } from './base.js';

/** What the client knows about a failed HTTP exchange; the fields of {@link KlarefiApiError}. */
export interface KlarefiApiErrorDetails {
  /** The HTTP status code, e.g. `404`. */
  status: number;
  /** The error envelope's `type`, e.g. `"not_found"`; `undefined` when the body was not an envelope. */
  type?: string | undefined;
  /** The error envelope's `code`, e.g. `"idempotency_key_conflict"`, when given. */
  code?: string | undefined;
  /** The envelope's `request_id`, or else the `x-request-id` / `request-id` response header. */
  requestId?: string | undefined;
  /** The response headers, lower-case names. */
  headers: Record<string, string>;
  /** The parsed JSON body, or the start of a non-JSON body; `undefined` when empty. */
  body?: unknown;
  /** The request method, e.g. `"POST"`. */
  method: string;
  /** The request path, e.g. `"/api/v1/sessions"`. */
  path: string;
}

/**
 * The Klarefi API answered with a status that is not a success. The subclass tells the kind
 * (see {@link KlarefiNotFoundError} and its siblings); this class itself is used for statuses the
 * documentation does not name (a 408, a 409, a redirect, a success with an unreadable body).
 */
export class KlarefiApiError extends KlarefiError {
  static override readonly kind: string = 'KlarefiApiError';
  override name = 'KlarefiApiError';
  /** The HTTP status code. */
  readonly status: number;
  /** The error envelope's `type`, e.g. `"validation_error"`; `undefined` without an envelope. */
  readonly type: string | undefined;
  /** The error envelope's `code`, e.g. `"idempotency_key_conflict"`. */
  readonly code: string | undefined;
  /** The id Klarefi gave the request: quote it to Klarefi support. */
  readonly requestId: string | undefined;
  /** The response headers, lower-case names. */
  readonly headers: Record<string, string>;
  /** The parsed error body, or the start of a non-JSON body. */
  readonly body: unknown;
  /** The request method. */
  readonly method: string;
  /** The request path under the base URL, e.g. `/api/v1/sessions`. */
  readonly path: string;

  constructor(message: string, details: KlarefiApiErrorDetails) {
    super(message);
    this.status = details.status;
    this.type = details.type;
    this.code = details.code;
    this.requestId = details.requestId;
    this.headers = details.headers;
    this.body = details.body;
    this.method = details.method;
    this.path = details.path;
  }
}

/** 400 `validation_error`: a bad body, path, query or idempotency use (e.g. `idempotency_key_conflict`). Not retried. */
export class KlarefiValidationError extends KlarefiApiError {
  override name = 'KlarefiValidationError';
}

/** 401 `authentication_error`: the API key is missing, invalid, expired or revoked. Not retried. */
export class KlarefiAuthenticationError extends KlarefiApiError {
  override name = 'KlarefiAuthenticationError';
}

/** 402 `billing_error`: a live key is blocked by billing or a usage gate. Not retried. */
export class KlarefiBillingError extends KlarefiApiError {
  override name = 'KlarefiBillingError';
}

/** 403 `authorization_error`: the key is valid but lacks the scope this call needs. Not retried. */
export class KlarefiAuthorizationError extends KlarefiApiError {
  override name = 'KlarefiAuthorizationError';
}

/** 404 `not_found`: the resource does not exist for this organisation. Not retried. */
export class KlarefiNotFoundError extends KlarefiApiError {
  override name = 'KlarefiNotFoundError';
}

/** 428 `precondition_error`: a legal or setup precondition of the account is missing. Not retried. */
export class KlarefiPreconditionError extends KlarefiApiError {
  override name = 'KlarefiPreconditionError';
}

/** 429 `rate_limit_error`: the key's rate limit was exceeded, and the retries did not outlast it. */
export class KlarefiRateLimitError extends KlarefiApiError {
  override name = 'KlarefiRateLimitError';
  /**
   * Seconds until a retry may succeed: from `Retry-After`, or else from `X-RateLimit-Reset`;
   * `undefined` when the response said neither.
   */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, details: KlarefiApiErrorDetails & { retryAfterSeconds?: number | undefined }) {
    super(message, details);
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** 500 `internal_error`, and any other 5xx (e.g. a proxy's 502), after the retries ran out. */
export class KlarefiInternalError extends KlarefiApiError {
  override name = 'KlarefiInternalError';
}

/**
 * No answer came back: the connection was refused or reset, DNS failed, or the `fetch`
 * implementation threw. `cause` holds the low-level error (with the API key scrubbed out).
 * Thrown after the retries ran out.
 */
export class KlarefiConnectionError extends KlarefiError {
  override name = 'KlarefiConnectionError';
}

/** No answer came within `timeoutMs`, on every attempt. */
export class KlarefiTimeoutError extends KlarefiError {
  override name = 'KlarefiTimeoutError';
  /** The per-attempt timeout that was reached, in milliseconds. */
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number) {
    super(message);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The caller's `signal` aborted the call. It is never retried; `cause` is the signal's `reason`.
 */
export class KlarefiAbortError extends KlarefiError {
  override name = 'KlarefiAbortError';
}

/**
 * A method was called with arguments it cannot send (a missing `case_type_id`, an empty id, a
 * negative `timeoutMs`, ...). Thrown before any request is made; the message says what to fix.
 */
export class KlarefiArgumentError extends KlarefiError {
  override name = 'KlarefiArgumentError';
}

/** True for any {@link KlarefiApiError}, even from another copy of this package. */
export const isKlarefiApiError: (value: unknown) => value is KlarefiApiError = guardFor(
  KlarefiApiError,
  'KlarefiApiError',
);
