import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { KlarefiEvent } from '../types/events.js';
import type { ParsedSignatureHeader } from './header.js';
import { parseEvent, type Verified } from './parse-event.js';
import { checkRawBody, type RawBody } from './raw-body.js';
import { checkSecrets, noMatch } from './secrets.js';
import { type ConstructEventOptions, checkTolerance, precheck, signingTimestamp } from './timestamp.js';

function digest(secret: string, timestampText: string, body: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestampText}.`).update(body).digest();
}

/**
 * Verifies an already-parsed header against every secret, constant-time per comparison, and
 * returns the HMAC (hex) of the first configured secret that matches a `v1`, or `null`.
 */
export function matchingSignature(
  body: string | Uint8Array,
  parsed: ParsedSignatureHeader,
  secrets: string[],
): string | null {
  let matched: Buffer | null = null;
  for (const secret of secrets) {
    const expected = digest(secret, parsed.timestampText, body);
    for (const signature of parsed.signatures) {
      if (timingSafeEqual(expected, Buffer.from(signature, 'hex'))) matched ??= expected;
    }
  }
  return matched === null ? null : matched.toString('hex');
}

export function bodyText(body: string | Uint8Array): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

/** The checks of {@link constructEvent} after the arguments were validated; used by the handlers. */
export function verifyAndParse(
  body: string | Uint8Array,
  header: unknown,
  secrets: string[],
  toleranceSeconds: number,
  now: () => number,
): Verified {
  const parsed = precheck(header, toleranceSeconds, now);
  const signature = matchingSignature(body, parsed, secrets);
  if (signature === null) throw noMatch(secrets);
  return { event: parseEvent(bodyText(body)), timestamp: parsed.timestampText, signature };
}

/**
 * Verifies a webhook delivery and returns its event. Synchronous, on `node:crypto`.
 *
 * Checks, in order: the payload is raw (string or bytes), the header is present and well-formed,
 * the timestamp lies within `toleranceSeconds` of now on either side, an HMAC-SHA256 over
 * `t + "." + rawBody` matches any `v1` for any secret, and the body parses as a JSON object.
 *
 * @param rawBody The request body exactly as received.
 * @param signatureHeader The `X-Klarefi-Signature` header value.
 * @param secret The endpoint's signing secret (`whsec_...`), or several while rotating.
 * @throws {KlarefiWebhookSignatureError} with a `code` that says which check failed.
 * @example
 * const event = constructEvent(req.body, req.headers['x-klarefi-signature'], process.env.KLAREFI_WEBHOOK_SECRET!);
 */
export function constructEvent(
  rawBody: RawBody,
  signatureHeader: string | string[] | null | undefined,
  secret: string | readonly string[],
  options: ConstructEventOptions = {},
): KlarefiEvent {
  const body = checkRawBody(rawBody);
  const secrets = checkSecrets(secret);
  const tolerance = checkTolerance(options.toleranceSeconds);
  return verifyAndParse(body, signatureHeader, secrets, tolerance, options.now ?? Date.now).event;
}

/** What {@link createSignatureHeader} signs. */
export interface SignatureInput {
  /** The exact body that will be sent. */
  payload: string | Uint8Array;
  /** One secret, or several to sign with each (as during a rotation). */
  secrets: string | readonly string[];
  /**
   * Unix seconds to sign with.
   * @default the current time
   */
  timestamp?: number;
}

/**
 * Signs a payload the way Klarefi does and returns the `X-Klarefi-Signature` value:
 * `t=<unix seconds>,v1=<hex>` with one `v1` per secret.
 */
export function createSignatureHeader({ payload, secrets, timestamp }: SignatureInput): string {
  const list = checkSecrets(secrets, 'signing secret');
  const t = signingTimestamp(timestamp);
  const body = checkRawBody(payload);
  return `t=${t},${list.map((s) => `v1=${digest(s, t, body).toString('hex')}`).join(',')}`;
}

/**
 * Builds a valid `X-Klarefi-Signature` header for a payload, for your own tests.
 * @example
 * const body = JSON.stringify(event);
 * await request(app).post('/webhooks/klarefi').set('x-klarefi-signature', generateTestHeader({ payload: body, secret })).send(body);
 */
export function generateTestHeader(input: {
  payload: string | Uint8Array;
  secret: string;
  timestamp?: number;
}): string {
  return createSignatureHeader({ payload: input.payload, secrets: input.secret, timestamp: input.timestamp });
}

/**
 * `constructEvent` as a promise. On Node the async API runs on `node:crypto` too: Web Crypto
 * would only add a thread-pool round trip. Workers and browsers get the Web Crypto version.
 */
export async function constructEventAsync(
  rawBody: RawBody,
  signatureHeader: string | string[] | null | undefined,
  secret: string | readonly string[],
  options: ConstructEventOptions = {},
): Promise<KlarefiEvent> {
  return constructEvent(rawBody, signatureHeader, secret, options);
}

/** `createSignatureHeader` as a promise, on `node:crypto`. */
export async function createSignatureHeaderAsync(input: SignatureInput): Promise<string> {
  return createSignatureHeader(input);
}

/** `generateTestHeader` as a promise, on `node:crypto`. */
export async function generateTestHeaderAsync(input: {
  payload: string | Uint8Array;
  secret: string;
  timestamp?: number;
}): Promise<string> {
  return generateTestHeader(input);
}
