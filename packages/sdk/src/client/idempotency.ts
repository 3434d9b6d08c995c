import { IDEMPOTENCY_KEY_PREFIX } from './version.js';

/**
 * A fresh idempotency key, `klarefi-sdk-retry-<uuid>`: made once per logical call and sent on
 * every retry of it, so that a retried create never creates twice.
 */
export function generateIdempotencyKey(): string {
  return `${IDEMPOTENCY_KEY_PREFIX}${randomUuid()}`;
}

/** A random UUID v4, from Web Crypto when the runtime has it. */
export function randomUuid(): string {
  const webCrypto = (globalThis as { crypto?: Partial<Crypto> }).crypto;
  if (typeof webCrypto?.randomUUID === 'function') return webCrypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof webCrypto?.getRandomValues === 'function') webCrypto.getRandomValues(bytes);
  else {
    // Node 18 has no global Web Crypto without --experimental-global-webcrypto. The key must be
    // unique, not secret, so Math.random is an acceptable last resort there.
    for (let index = 0; index < bytes.length; index += 1) bytes[index] = Math.floor(Math.random() * 256);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
