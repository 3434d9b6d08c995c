import { createHmac, randomBytes } from 'node:crypto';

/** A webhook delivery ready to send: the exact bytes and the headers, lower-case names. */
export interface BatteryDelivery {
  /** The body, to be sent byte for byte. */
  body: Uint8Array;
  /** `content-type`, and `x-klarefi-signature` unless the case leaves it out. */
  headers: Record<string, string>;
  /** The envelope's `delivery_id`; `null` for the legacy body and for bodies that are not JSON. */
  deliveryId: string | null;
  /** The signed `t` (unix seconds), `null` when the case sends no header. */
  timestamp: number | null;
}

/** The name of the signature header, as Klarefi sends it. */
export const SIGNATURE_HEADER = 'x-klarefi-signature';

const encoder = new TextEncoder();

/** UTF-8 bytes of `text`; bytes pass through. */
export function bytesOf(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? encoder.encode(body) : body;
}

/**
 * The `v1` value Klarefi computes: HMAC-SHA256 keyed with the whole secret (`whsec_` included)
 * over `t`, `.`, and the raw bytes, lowercase hex. Written with `node:crypto` on purpose, apart
 * from the SDK's signer, so that running the battery through an adapter cross-checks the SDK.
 */
export function v1Of(secret: string, timestamp: number, body: Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** `t=<timestamp>,v1=<hex>` with one `v1` per secret, in the order given. */
export function signatureFor(body: Uint8Array, secrets: readonly string[], timestamp: number): string {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${v1Of(secret, timestamp, body)}`)].join(',');
}

/** A secret no receiver is configured with, for the wrong-secret and rotation cases. */
export function strangerSecret(): string {
  return `whsec_battery_stranger_${randomBytes(12).toString('hex')}`;
}

/** A delivery with `header` as its signature header (none when `undefined`). */
export function deliveryOf(
  body: string | Uint8Array,
  header: string | undefined,
  deliveryId: string | null,
  timestamp: number | null,
): BatteryDelivery {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (header !== undefined) headers[SIGNATURE_HEADER] = header;
  return { body: bytesOf(body), headers, deliveryId, timestamp: header === undefined ? null : timestamp };
}

/** A delivery signed with `secret` at `timestamp`, the way Klarefi signs. */
export function signed(
  body: string | Uint8Array,
  secret: string,
  timestamp: number,
  deliveryId: string | null,
): BatteryDelivery {
  const bytes = bytesOf(body);
  return deliveryOf(bytes, signatureFor(bytes, [secret], timestamp), deliveryId, timestamp);
}
