import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The documented error types, by HTTP status. */
const TYPES: Record<number, string> = {
  400: 'validation_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'authorization_error',
  404: 'not_found',
  413: 'validation_error',
  428: 'precondition_error',
  429: 'rate_limit_error',
  500: 'internal_error',
};

/** An API failure, answered with the documented envelope `{ error: { type, code, message, request_id } }`. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly type: string;

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.type = TYPES[status] ?? 'internal_error';
  }
}

/** A 400 `validation_error`. */
export function invalid(code: string, message: string): ApiError {
  return new ApiError(400, code, message);
}

/** Answers `error` in the documented envelope, with its request id. */
export function errorResponse(c: Context, error: ApiError): Response {
  const requestId = (c.get('requestId' as never) as string | undefined) ?? '';
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(
    { error: { type: error.type, code: error.code, message: error.message, request_id: requestId } },
    error.status,
  );
}
