/**
 * When to retry and how long to wait. Pure functions: the clock and the randomness come in as
 * arguments so that tests can pin them.
 */

/** The first backoff delay, doubled on every retry. */
export const INITIAL_RETRY_DELAY_MS = 500;
/** The longest backoff delay the client computes itself. */
export const MAX_RETRY_DELAY_MS = 8000;
/** A server-given wait (`Retry-After`, `X-RateLimit-Reset`) longer than this is ignored. */
export const MAX_SERVER_DELAY_MS = 60_000;

/**
 * Statuses that are retried: 408 and 409 (the request may succeed as sent), 429 (after the
 * window) and every 5xx. Never any other 4xx: those need a change of request or account.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * How long to wait before retry number `retryIndex` (0 for the first retry).
 * A `Retry-After` between 0 and 60 s wins; for a 429 without it, an `X-RateLimit-Reset` less than
 * 60 s away; otherwise `min(0.5 s × 2^retryIndex, 8 s)`, less up to 25 % jitter.
 */
export function retryDelayMs(
  retryIndex: number,
  response: { status: number; headers: Headers } | undefined,
  now: number,
  random: number,
): number {
  if (response !== undefined) {
    const serverDelay = serverDelayMs(response.headers, now, response.status === 429);
    if (serverDelay !== undefined && serverDelay <= MAX_SERVER_DELAY_MS) return serverDelay;
  }
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retryIndex, MAX_RETRY_DELAY_MS);
  return Math.round(base * (1 - 0.25 * random));
}

/**
 * The wait a response asks for, in seconds (rounded up), for {@link KlarefiRateLimitError}:
 * `Retry-After`, or else the time until `X-RateLimit-Reset`; `undefined` when neither is usable.
 */
export function retryAfterSeconds(headers: Headers, now: number): number | undefined {
  const ms = serverDelayMs(headers, now, true);
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}

function serverDelayMs(headers: Headers, now: number, useRateLimitReset: boolean): number | undefined {
  const retryAfter = parseRetryAfterMs(headers.get('retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  if (!useRateLimitReset) return undefined;
  const reset = headers.get('x-ratelimit-reset');
  if (reset === null || !/^\s*\d+(\.\d+)?\s*$/.test(reset)) return undefined;
  const ms = Number(reset) * 1000 - now;
  // A reset already in the past says nothing about how long to wait (clock skew): back off.
  return ms >= 0 ? Math.ceil(ms) : undefined;
}

/** `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms; `undefined` if unusable. */
export function parseRetryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
