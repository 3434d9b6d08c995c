import { KlarefiError } from './base.js';

/** Stable codes of the answers the start-claim and webhook handlers give. */
export type KlarefiHttpErrorCode =
  | 'method_not_allowed'
  | 'not_found'
  | 'payload_too_large'
  | 'missing_header'
  | 'malformed_header'
  | 'timestamp_outside_tolerance'
  | 'no_matching_signature'
  | 'invalid_json'
  | 'invalid_event'
  | 'raw_body_unavailable'
  | 'delivery_in_progress'
  | 'handler_failed'
  | 'dedupe_unavailable'
  | 'queue_unavailable'
  | 'session_create_failed';

/**
 * A handler's refusal, carrying the exact answer Klarefi's handlers give: `status` (and `statusCode`,
 * for Express and Fastify), a stable `code`, response `headers` and a JSON `body`. Adapters
 * translate it into their framework's error idiom; they never change the status.
 */
export class KlarefiHttpError extends KlarefiError {
  override name = 'KlarefiHttpError';
  /** The HTTP status to answer with. */
  readonly status: number;
  /** The same as `status`, for frameworks that read `statusCode`. */
  readonly statusCode: number;
  /** Why the request was refused. */
  readonly code: KlarefiHttpErrorCode;
  /** Headers that belong to the answer, e.g. `allow` on a 405. */
  readonly headers: Readonly<Record<string, string>>;
  /** Safe to show the caller: the message never contains secrets or upstream bodies. */
  readonly expose = true;

  constructor(
    status: number,
    code: KlarefiHttpErrorCode,
    message: string,
    options: { headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.status = status;
    this.statusCode = status;
    this.code = code;
    this.headers = { 'content-type': 'application/json; charset=utf-8', ...options.headers };
  }

  /** The JSON answer: `{ "error": { "code", "message" } }`. */
  get body(): string {
    return JSON.stringify(this.toJSON());
  }

  toJSON(): { error: { code: KlarefiHttpErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }

  /** The answer as a Web `Response`. */
  toResponse(): Response {
    return new Response(this.body, { status: this.status, headers: this.headers });
  }
}

/** True for a {@link KlarefiHttpError}, even from another copy of the package. */
export function isKlarefiHttpError(value: unknown): value is KlarefiHttpError {
  return (
    value instanceof KlarefiHttpError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'KlarefiHttpError' &&
      typeof (value as { status?: unknown }).status === 'number')
  );
}

/** The 413 every reader and the core answer for a body over `webhook.maxBodyBytes`. */
export function payloadTooLarge(maxBytes: number): KlarefiHttpError {
  return new KlarefiHttpError(
    413,
    'payload_too_large',
    `The webhook body is larger than ${maxBytes} bytes (webhook.maxBodyBytes).`,
  );
}
