import type { KlarefiEvent } from '../types/events.js';
import type { ParsedSignatureHeader } from './header.js';
import { parseEvent, type Verified } from './parse-event.js';
import { checkRawBody, type RawBody } from './raw-body.js';
import { checkSecrets, noMatch } from './secrets.js';
import { type ConstructEventOptions, checkTolerance, precheck, signingTimestamp } from './timestamp.js';

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder('utf-8', { ignoreBOM: true });

function toBytes(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? ENCODER.encode(body) : body;
}

function toText(body: string | Uint8Array): string {
  return typeof body === 'string' ? body : DECODER.decode(body);
}

function encodeText(text: string): Uint8Array<ArrayBuffer> {
  return ENCODER.encode(text);
}

const MAX_CACHED_KEYS = 32;
const keys = new Map<string, Promise<CryptoKey>>();

// Importing a key is the slowest step of Web Crypto HMAC, so each secret is imported once.
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= MAX_CACHED_KEYS) keys.delete(keys.keys().next().value as string);
    key = crypto.subtle.importKey('raw', encodeText(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    keys.set(secret, key);
  }
  return key;
}

async function sign(secret: string, timestampText: string, body: Uint8Array): Promise<Uint8Array> {
  const prefix = encodeText(`${timestampText}.`);
  const data = new Uint8Array(prefix.length + body.length);
  data.set(prefix, 0);
  data.set(body, prefix.length);
  return new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), data));
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += HEX[byte];
  return out;
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function equalConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** `matchingSignature` on Web Crypto: the hex HMAC of the first secret that matches, or `null`. */
export async function matchingSignatureAsync(
  body: string | Uint8Array,
  parsed: ParsedSignatureHeader,
  secrets: string[],
): Promise<string | null> {
  const bytes = toBytes(body);
  const given = parsed.signatures.map(hexToBytes);
  let matched: Uint8Array | null = null;
  for (const secret of secrets) {
    const expected = await sign(secret, parsed.timestampText, bytes);
    for (const signature of given) if (equalConstantTime(expected, signature)) matched ??= expected;
  }
  return matched === null ? null : toHex(matched);
}

/** The checks of {@link constructEventAsync} after the arguments were validated; used by the handlers. */
export async function verifyAndParseAsync(
  body: string | Uint8Array,
  header: unknown,
  secrets: string[],
  toleranceSeconds: number,
  now: () => number,
): Promise<Verified> {
  const parsed = precheck(header, toleranceSeconds, now);
  const signature = await matchingSignatureAsync(body, parsed, secrets);
  if (signature === null) throw noMatch(secrets);
  return { event: parseEvent(toText(body)), timestamp: parsed.timestampText, signature };
}

/**
 * The same checks as `constructEvent`, on Web Crypto: for Workers, Deno, Bun, browsers and
 * every runtime with `crypto.subtle`. Keys are imported once per secret and cached.
 *
 * @throws {KlarefiWebhookSignatureError} with a `code` that says which check failed.
 */
export async function constructEventAsync(
  rawBody: RawBody,
  signatureHeader: string | string[] | null | undefined,
  secret: string | readonly string[],
  options: ConstructEventOptions = {},
): Promise<KlarefiEvent> {
  const body = checkRawBody(rawBody);
  const secrets = checkSecrets(secret);
  const tolerance = checkTolerance(options.toleranceSeconds);
  return (await verifyAndParseAsync(body, signatureHeader, secrets, tolerance, options.now ?? Date.now))
    .event;
}

/** `createSignatureHeader` on Web Crypto. */
export async function createSignatureHeaderAsync(input: {
  payload: string | Uint8Array;
  secrets: string | readonly string[];
  timestamp?: number;
}): Promise<string> {
  const list = checkSecrets(input.secrets, 'signing secret');
  const t = signingTimestamp(input.timestamp);
  const body = toBytes(checkRawBody(input.payload));
  const parts = await Promise.all(list.map(async (s) => `v1=${toHex(await sign(s, t, body))}`));
  return `t=${t},${parts.join(',')}`;
}

/** `generateTestHeader` on Web Crypto. */
export function generateTestHeaderAsync(input: {
  payload: string | Uint8Array;
  secret: string;
  timestamp?: number;
}): Promise<string> {
  return createSignatureHeaderAsync({
    payload: input.payload,
    secrets: input.secret,
    timestamp: input.timestamp,
  });
}
