import { createHmac } from 'node:crypto';

/** The current time in unix seconds. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Signs `payload` the way Klarefi does and returns an `X-Klarefi-Signature` value:
 * `t=<timestamp>,v1=<hex>` with one `v1` per secret. Written here with `node:crypto` directly,
 * independent of the SDK's signer, so the suite cross-checks the SDK's verifier.
 *
 * @param payload The exact bytes (or text) that will be sent.
 * @param secrets One signing secret, or several to sign with each (as during a rotation).
 * @param timestamp Unix seconds. @default the current time
 */
export function signatureHeader(
  payload: string | Uint8Array,
  secrets: string | readonly string[],
  timestamp: number = nowSeconds(),
): string {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  const t = String(timestamp);
  const v1 = list.map((secret) => `v1=${hmacHex(secret, `${t}.`, payload)}`);
  return [`t=${t}`, ...v1].join(',');
}

/** HMAC-SHA256 over the concatenated parts, lowercase hex. */
export function hmacHex(secret: string, ...parts: Array<string | Uint8Array>): string {
  const mac = createHmac('sha256', secret);
  for (const part of parts) mac.update(part);
  return mac.digest('hex');
}

/** Options of {@link signedDelivery}. */
export interface SignedDeliveryOptions {
  /**
   * Unix seconds to sign with.
   * @default the current time
   */
  timestamp?: number;
  /**
   * Serialise the event with two-space indentation instead of compactly.
   * @default false
   */
  pretty?: boolean;
}

/** A webhook delivery ready to send: the exact body and its headers (lower-case names). */
export interface SignedDelivery {
  /** The exact body that was signed; send it byte for byte. */
  body: string;
  /** `content-type: application/json` and `x-klarefi-signature`. */
  headers: Record<string, string>;
}

/**
 * Builds a signed webhook delivery, as Klarefi would send it.
 * @param event The event object (serialised here) or a body string sent as is.
 * @param secret The endpoint's signing secret, or several to sign with each.
 * @example
 * const { body, headers } = signedDelivery(sampleEnvelope(), 'whsec_test');
 * await request(app).post('/webhooks/klarefi').set(headers).send(body);
 */
export function signedDelivery(
  event: object | string,
  secret: string | readonly string[],
  options: SignedDeliveryOptions = {},
): SignedDelivery {
  const body =
    typeof event === 'string' ? event : JSON.stringify(event, null, options.pretty ? 2 : undefined);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-klarefi-signature': signatureHeader(body, secret, options.timestamp),
    },
  };
}
