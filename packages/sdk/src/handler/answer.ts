import type { WebhookOutcome } from './outcome.js';

/** Stable codes of the refusals the start-claim and webhook routes answer. Safe to branch on. */
export type KlarefiRefusalCode =
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
 * The one plain answer the core gives for every request, success or refusal. An adapter writes
 * it back in its framework's way, unchanged: one write path.
 */
export interface KlarefiAnswer {
  status: number;
  headers: Record<string, string>;
  /** `null` for a redirect. */
  body: string | null;
  /** What became of a webhook delivery; `null` for start-claim answers. */
  outcome: WebhookOutcome | null;
}

interface Refusal {
  status: number;
  /** The message used when the caller gives none. */
  message: string;
  retryAfterSeconds?: number;
}

/** Every refusal's status, default message and `retry-after`, in one place. */
export const REFUSALS: Readonly<Record<KlarefiRefusalCode, Refusal>> = {
  method_not_allowed: { status: 405, message: 'This Klarefi route does not accept this method.' },
  not_found: { status: 404, message: 'No Klarefi route at this path.' },
  payload_too_large: { status: 413, message: 'The webhook body is too large.' },
  missing_header: { status: 400, message: 'The X-Klarefi-Signature header is missing.' },
  malformed_header: { status: 400, message: 'The X-Klarefi-Signature header is malformed.' },
  timestamp_outside_tolerance: { status: 401, message: 'The signed timestamp is outside the tolerance.' },
  no_matching_signature: { status: 401, message: 'No signature matches the body.' },
  invalid_json: { status: 400, message: 'The verified body is not a JSON object.' },
  invalid_event: {
    status: 400,
    message: 'The verified payload has no event_type (or event, for the legacy body shape).',
  },
  raw_body_unavailable: { status: 500, message: 'The raw request body is not available.' },
  delivery_in_progress: {
    status: 409,
    message: 'This delivery is being processed by another request; retry later.',
    retryAfterSeconds: 5,
  },
  handler_failed: { status: 500, message: 'The handler failed; the delivery will be retried.' },
  dedupe_unavailable: {
    status: 503,
    message: 'The delivery was not processed: the dedupe store could not be reached. Retry later.',
    retryAfterSeconds: 10,
  },
  queue_unavailable: {
    status: 503,
    message:
      'The delivery was not processed: the handler could not hand it off (its queue is unavailable). Retry later.',
    retryAfterSeconds: 10,
  },
  session_create_failed: {
    status: 502,
    message: 'Could not start the claim: Klarefi did not create a session. Try again in a moment.',
  },
};

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': JSON_CONTENT_TYPE };

/** The JSON body of a refusal: `{ "error": { "code", "message" } }`. */
export function refusalBody(code: KlarefiRefusalCode, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/** A refusal as an answer: the table's status and `retry-after`, plus any extra headers. */
export function refuse(
  code: KlarefiRefusalCode,
  message: string = REFUSALS[code].message,
  extra: { headers?: Record<string, string>; retryAfterSeconds?: number } = {},
): KlarefiAnswer {
  const { status, retryAfterSeconds: fallback } = REFUSALS[code];
  const retryAfter = extra.retryAfterSeconds ?? fallback;
  const headers: Record<string, string> = { ...JSON_HEADERS, ...extra.headers };
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  return { status, headers, body: refusalBody(code, message), outcome: null };
}

/** 405 with `allow`. */
export function methodNotAllowed(allow: string): KlarefiAnswer {
  return refuse('method_not_allowed', `This Klarefi route accepts ${allow} only.`, { headers: { allow } });
}

/** 413 for a body over `webhook.maxBodyBytes`. */
export function payloadTooLarge(maxBytes: number): KlarefiAnswer {
  return refuse(
    'payload_too_large',
    `The webhook body is larger than ${maxBytes} bytes (webhook.maxBodyBytes).`,
  );
}
