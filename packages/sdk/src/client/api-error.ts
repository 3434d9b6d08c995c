import {
  KlarefiApiError,
  type KlarefiApiErrorDetails,
  KlarefiAuthenticationError,
  KlarefiAuthorizationError,
  KlarefiBillingError,
  KlarefiInternalError,
  KlarefiNotFoundError,
  KlarefiPreconditionError,
  KlarefiRateLimitError,
  KlarefiValidationError,
} from '../errors/api.js';
import { retryAfterSeconds } from './retry.js';

type ApiErrorClass = new (message: string, details: KlarefiApiErrorDetails) => KlarefiApiError;

// Each documented kind: its envelope `type` and, for the 4xx ones, the status that implies it.
const KINDS: ReadonlyArray<readonly [type: string, ErrorClass: ApiErrorClass, status?: number]> = [
  ['validation_error', KlarefiValidationError, 400],
  ['authentication_error', KlarefiAuthenticationError, 401],
  ['billing_error', KlarefiBillingError, 402],
  ['authorization_error', KlarefiAuthorizationError, 403],
  ['not_found', KlarefiNotFoundError, 404],
  ['precondition_error', KlarefiPreconditionError, 428],
  ['rate_limit_error', KlarefiRateLimitError, 429],
  ['internal_error', KlarefiInternalError],
];

// HTTP/2 and some runtimes give no reason phrase; these keep messages readable.
const REASONS: Record<number, string> = {
  301: 'Moved Permanently',
  302: 'Found',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const MAX_TEXT_BODY = 1000;

/** An answer as the transport read it, before it is judged. */
export interface RawAnswer {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  method: string;
  path: string;
}

/** The error body's envelope fields, when the body is `{ error: { type, ... } }`. */
interface Envelope {
  type?: string;
  code?: string;
  message?: string;
  request_id?: string;
}

/** `"502 Bad Gateway"`: the status with its reason phrase. */
export function describeStatus(status: number, statusText: string): string {
  const reason = statusText.trim() || REASONS[status];
  return reason ? `${status} ${reason}` : String(status);
}

/**
 * Turns a non-2xx answer (or a 2xx that cannot be read) into the typed error for it: by the
 * envelope's `type` first, then by status. `scrub` is applied to everything taken from the answer.
 */
export function createApiError(
  answer: RawAnswer,
  scrub: (text: string) => string,
  now: number,
  overrideMessage?: string,
): KlarefiApiError {
  const headers: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = scrub(value);
  });
  const parsed = parseJson(answer.text);
  const envelope = readEnvelope(parsed);
  const where = `${answer.method} ${answer.path}`;
  const requestId =
    nonEmpty(envelope?.request_id) ?? nonEmpty(headers['x-request-id']) ?? nonEmpty(headers['request-id']);
  const details: KlarefiApiErrorDetails = {
    status: answer.status,
    type: nonEmpty(envelope?.type),
    code: nonEmpty(envelope?.code),
    requestId: requestId === undefined ? undefined : scrub(requestId),
    headers,
    body: parsed.ok ? scrubJson(parsed.value, scrub) : bodyText(answer.text, scrub),
    method: answer.method,
    path: answer.path,
  };
  const message = scrub(overrideMessage ?? describe(answer, envelope, parsed.ok, details.requestId, where));
  const kind =
    KINDS.find(([type]) => type === details.type) ?? KINDS.find(([, , status]) => status === answer.status);
  const ErrorClass = kind?.[1] ?? (answer.status >= 500 ? KlarefiInternalError : KlarefiApiError);
  if (ErrorClass === KlarefiRateLimitError) {
    return new KlarefiRateLimitError(message, {
      ...details,
      retryAfterSeconds: retryAfterSeconds(answer.headers, now),
    });
  }
  return new ErrorClass(message, details);
}

function describe(
  answer: RawAnswer,
  envelope: Envelope | undefined,
  isJson: boolean,
  requestId: string | undefined,
  where: string,
): string {
  const status = describeStatus(answer.status, answer.statusText);
  const suffix = requestId === undefined ? `(${where})` : `(${where}, request ${requestId})`;
  if (envelope !== undefined) {
    const kind = [envelope.type, envelope.code].filter((part) => nonEmpty(part) !== undefined).join('/');
    const text = nonEmpty(envelope.message) ?? 'no message';
    return `Klarefi API answered ${status}${kind ? ` ${kind}` : ''}: ${text} ${suffix}`;
  }
  if (answer.status >= 300 && answer.status < 400) {
    const location = answer.headers.get('location');
    return (
      `Klarefi API answered ${status}${location ? ` redirecting to ${location}` : ''} ${suffix}; ` +
      'the client does not follow redirects: check baseUrl'
    );
  }
  if (answer.text.trim() === '') return `Klarefi API answered ${status} with an empty body ${suffix}`;
  if (!isJson) return `Klarefi API answered ${status} with a non-JSON body ${suffix}`;
  return `Klarefi API answered ${status} with a JSON body that is not a Klarefi error envelope ${suffix}`;
}

/** Parses a body as JSON without throwing. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function readEnvelope(parsed: { ok: true; value: unknown } | { ok: false }): Envelope | undefined {
  if (!parsed.ok || !isRecord(parsed.value) || !isRecord(parsed.value.error)) return undefined;
  const error = parsed.value.error;
  const envelope: Envelope = {};
  for (const field of ['type', 'code', 'message', 'request_id'] as const) {
    if (typeof error[field] === 'string') envelope[field] = error[field];
  }
  return envelope;
}

function scrubJson(value: unknown, scrub: (text: string) => string): unknown {
  const text = JSON.stringify(value);
  const clean = scrub(text);
  return clean === text ? value : JSON.parse(clean);
}

function bodyText(text: string, scrub: (text: string) => string): string | undefined {
  if (text === '') return undefined;
  return scrub(text.length > MAX_TEXT_BODY ? `${text.slice(0, MAX_TEXT_BODY)}…` : text);
}

function nonEmpty(value: string | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
