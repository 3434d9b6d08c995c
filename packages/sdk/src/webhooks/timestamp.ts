import { describeValue } from '../shared/redact.js';
import { KlarefiConfigError } from '../errors/base.js';
import { KlarefiWebhookSignatureError } from '../errors/signature.js';
import { type ParsedSignatureHeader, parseSignatureHeader } from './header.js';

/** Options of `constructEvent` / `constructEventAsync`. */
export interface ConstructEventOptions {
  /**
   * How far, in seconds, the signed timestamp may lie from now, on either side. Older (or
   * further future) deliveries are refused as replays.
   * @default 300
   */
  toleranceSeconds?: number;
  /**
   * The current time in milliseconds since the epoch. For tests.
   * @default Date.now
   */
  now?: () => number;
}

export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The timestamp to sign with: whole unix seconds, the current time when not given. */
export function signingTimestamp(value: unknown): string {
  if (value === undefined) return String(Math.floor(Date.now() / 1000));
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new KlarefiConfigError(
      `timestamp must be whole unix seconds, e.g. Math.floor(Date.now() / 1000); got ${describeValue(value)}.`,
    );
  }
  return String(value);
}

/** Validates `toleranceSeconds`; shared by every entry point so the messages match. */
export function checkTolerance(value: unknown, option = 'toleranceSeconds'): number {
  if (value === undefined) return DEFAULT_TOLERANCE_SECONDS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1) {
    throw new KlarefiConfigError(
      `${option} must be a number of seconds of at least 1 (default 300); got ${describeValue(value)}.`,
    );
  }
  return value;
}

/** Parses the header and checks the timestamp window: everything that needs no HMAC. */
export function precheck(
  header: unknown,
  toleranceSeconds: number,
  now: () => number,
): ParsedSignatureHeader {
  const parsed = parseSignatureHeader(header);
  const skew = Math.floor(now() / 1000) - parsed.timestamp;
  if (Math.abs(skew) > toleranceSeconds) {
    const likely =
      skew > 0
        ? "Usually the request was held on its way (a queue or proxy delayed it, or an old delivery was replayed) or this server's clock runs ahead"
        : "Usually this server's clock runs behind";
    throw new KlarefiWebhookSignatureError(
      'timestamp_outside_tolerance',
      `The signed timestamp is ${Math.abs(skew)} s in the ${skew > 0 ? 'past' : 'future'}, outside the ${toleranceSeconds} s tolerance: refused as a possible replay. ${likely}; check NTP sync, and raise toleranceSeconds only if you must.`,
    );
  }
  return parsed;
}
