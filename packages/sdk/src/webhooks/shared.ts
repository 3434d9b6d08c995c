import { KlarefiConfigError } from '../errors/base.js';
import { describeValue } from '../shared/redact.js';
import type { KlarefiEvent } from '../types/events.js';
import { KlarefiWebhookSignatureError } from '../errors/signature.js';
import { type ParsedSignatureHeader, parseSignatureHeader, SIGNATURE_HEADER } from './header.js';

/** A raw request body, exactly as received. */
export type RawBody = string | Uint8Array | ArrayBuffer;

/** A verified delivery: its event, and the signed timestamp and HMAC (hex) that matched. */
export interface Verified {
  event: KlarefiEvent;
  timestamp: string;
  signature: string;
}

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

// The @klarefi adapters pass their own framework's fix; this one serves direct callers.
const RAW_BODY_HELP =
  'Pass the raw request body (a string, Buffer or Uint8Array exactly as received), not a parsed object: the signature covers the exact bytes. ' +
  'Express: express.raw({ type: "application/json" }); Fastify: parseAs: "buffer"; Hono: await c.req.arrayBuffer(); NestJS: { rawBody: true } and req.rawBody.';

/** Returns the body as bytes or a string; refuses anything else with the raw-body explanation. */
export function checkRawBody(rawBody: unknown): string | Uint8Array {
  if (typeof rawBody === 'string' || rawBody instanceof Uint8Array) return rawBody;
  if (rawBody instanceof ArrayBuffer) return new Uint8Array(rawBody);
  // Bytes from another realm (Jest's vm context, an iframe) fail instanceof but are still bytes.
  const tag = Object.prototype.toString.call(rawBody);
  if (tag === '[object Uint8Array]') {
    const view = rawBody as Uint8Array;
    return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  }
  if (tag === '[object ArrayBuffer]') return new Uint8Array(rawBody as ArrayBuffer);
  const parsed = typeof rawBody === 'object' && rawBody !== null ? ' (it looks like a parsed JSON body)' : '';
  throw new KlarefiWebhookSignatureError(
    'invalid_payload_type',
    `The webhook payload was ${describeValue(rawBody)}${parsed}. ${RAW_BODY_HELP}`,
  );
}

/** Normalises `secret | secrets` and fails early, without echoing them, when unusable. */
export function checkSecrets(secrets: unknown, option = 'webhook secret'): string[] {
  const list = Array.isArray(secrets) ? secrets : [secrets];
  if (list.length === 0 || list.some((s) => typeof s !== 'string' || s.trim() === '')) {
    throw new KlarefiConfigError(
      `The ${option} is missing or empty: set the endpoint's signing secret ("whsec_...", e.g. from KLAREFI_WEBHOOK_SECRET), or an array of them while rotating.`,
    );
  }
  return list as string[];
}

/** The timestamp to sign with: whole unix seconds, the current time when not given. */
export function signingTimestamp(value: unknown): string {
  if (value === undefined) return String(Math.floor(Date.now() / 1000));
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new KlarefiConfigError(
      `timestamp must be whole unix seconds, e.g. Math.floor(Date.now() / 1000); got ${String(value)}.`,
    );
  }
  return String(value);
}

/** Validates `toleranceSeconds`; shared by every entry point so the messages match. */
export function checkTolerance(value: unknown, option = 'toleranceSeconds'): number {
  if (value === undefined) return DEFAULT_TOLERANCE_SECONDS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1) {
    throw new KlarefiConfigError(
      `${option} must be a number of seconds of at least 1 (default 300); got ${String(value)}.`,
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

/**
 * Why a secret cannot be an endpoint's signing secret as given, or `undefined`: shared by the
 * start-up check of the handlers and the hint of a signature mismatch. Never echoes the secret.
 */
export function secretFlaw(secret: string): string | undefined {
  if (secret !== secret.trim()) {
    return 'has leading or trailing whitespace (often a newline from an .env file); trim it, e.g. process.env.KLAREFI_WEBHOOK_SECRET?.trim()';
  }
  if (!secret.startsWith('whsec_')) {
    const apiKey = /^sk_(test|live)_/.test(secret) ? ' (it looks like an API key)' : '';
    return `does not start with "whsec_"${apiKey}; copy the endpoint's signing secret from the Klarefi dashboard (or the one \`klarefi dev\` prints)`;
  }
  return undefined;
}

export function noMatch(secrets: string[]): KlarefiWebhookSignatureError {
  let message = `No ${SIGNATURE_HEADER} signature matches the payload for the configured secret${secrets.length > 1 ? 's' : ''}. Check that it is this endpoint's signing secret and that the body is the raw request body, not re-serialised JSON (a body parser that ran first changes the bytes).`;
  for (const flaw of new Set(secrets.map(secretFlaw))) {
    if (flaw) message += ` Note: a configured secret ${flaw}.`;
  }
  return new KlarefiWebhookSignatureError('no_matching_signature', message);
}

const BOM = 0xfeff;

/** Parses the verified body. A leading UTF-8 BOM is ignored (RFC 8259 §8.1 allows it). */
export function parseEvent(text: string): KlarefiEvent {
  const source = text.charCodeAt(0) === BOM ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (cause) {
    throw new KlarefiWebhookSignatureError(
      'invalid_json',
      // The parser's message quotes the body, which must not reach an answer or a log.
      'The signature is valid but the payload is not valid JSON.',
      { cause },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KlarefiWebhookSignatureError(
      'invalid_json',
      'The signature is valid but the payload is not a JSON object, so not a Klarefi event.',
    );
  }
  return value as KlarefiEvent;
}
