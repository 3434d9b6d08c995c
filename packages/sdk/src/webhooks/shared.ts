import { KlarefiConfigError } from '../errors/base.js';
import type { KlarefiEvent } from '../types/events.js';
import { KlarefiWebhookSignatureError } from '../errors/signature.js';
import { type ParsedSignatureHeader, parseSignatureHeader, SIGNATURE_HEADER } from './header.js';

/** A raw request body, exactly as received. */
export type RawBody = string | Uint8Array | ArrayBuffer;

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

const RAW_BODY_HELP =
  'Pass the raw request body (a string, Buffer or Uint8Array exactly as received), not a parsed object: the signature covers the exact bytes. ' +
  'Express: use @klarefi/express or express.raw({ type: "application/json" }) on the webhook route; ' +
  'Fastify: use @klarefi/fastify or a content-type parser with parseAs: "buffer"; ' +
  'Hono: await c.req.arrayBuffer(); NestJS: create the app with { rawBody: true } and use req.rawBody.';

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
  const got =
    rawBody === null
      ? 'null'
      : Array.isArray(rawBody)
        ? 'an array'
        : rawBody === undefined
          ? 'undefined'
          : typeof rawBody === 'object'
            ? 'an object'
            : `a ${typeof rawBody}`;
  const parsed = typeof rawBody === 'object' && rawBody !== null ? ' (it looks like a parsed JSON body)' : '';
  throw new KlarefiWebhookSignatureError(
    'invalid_payload_type',
    `The webhook payload was ${got}${parsed}. ${RAW_BODY_HELP}`,
  );
}

/** Normalises `secret | secrets` and fails early, without echoing them, when unusable. */
export function checkSecrets(secrets: unknown, option = 'webhook secret'): string[] {
  const list = Array.isArray(secrets) ? secrets : [secrets];
  if (list.length === 0 || list.some((s) => typeof s !== 'string' || s.trim() === '')) {
    throw new KlarefiConfigError(
      `The ${option} is missing or empty. Set it to the endpoint's signing secret ("whsec_..."), e.g. from KLAREFI_WEBHOOK_SECRET; pass an array of secrets while rotating.`,
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
        ? "Usually the request was held on its way (a queue or proxy that delayed it, or a replay of an old delivery) or this server's clock runs ahead"
        : "Usually this server's clock runs behind";
    throw new KlarefiWebhookSignatureError(
      'timestamp_outside_tolerance',
      `The delivery's signed timestamp is ${Math.abs(skew)} s in the ${skew > 0 ? 'past' : 'future'}, outside the ${toleranceSeconds} s tolerance, so it is refused as a possible replay. ${likely}: check that the clock is synchronised (NTP); raise toleranceSeconds only if you must.`,
    );
  }
  return parsed;
}

export function noMatch(secrets: string[]): KlarefiWebhookSignatureError {
  const spaced = secrets.some((s) => s !== s.trim());
  const prefixless = secrets.some((s) => !s.trim().startsWith('whsec_'));
  let message = `No ${SIGNATURE_HEADER} signature matches the payload for the configured secret${secrets.length > 1 ? 's' : ''}. Check that the secret is this endpoint's signing secret and that the body is the raw request body, not re-serialised JSON (a JSON body parser that ran first changes the bytes).`;
  if (spaced)
    message +=
      ' Note: a configured secret has leading or trailing whitespace; copy it again without spaces or newlines.';
  if (prefixless) message += ' Note: a configured secret does not start with "whsec_"; signing secrets do.';
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
      `The signature is valid but the payload is not valid JSON (${(cause as Error).message}).`,
      { cause },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KlarefiWebhookSignatureError(
      'invalid_json',
      'The signature is valid but the payload is not a JSON object, so it cannot be a Klarefi event.',
    );
  }
  return value as KlarefiEvent;
}

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder('utf-8', { ignoreBOM: true });

export function toBytes(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? ENCODER.encode(body) : body;
}

export function toText(body: string | Uint8Array): string {
  return typeof body === 'string' ? body : DECODER.decode(body);
}

export function encodeText(text: string): Uint8Array<ArrayBuffer> {
  return ENCODER.encode(text);
}
