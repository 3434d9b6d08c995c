import { describeValue } from '../shared/redact.js';
import { KlarefiWebhookSignatureError } from '../errors/signature.js';

/** A raw request body, exactly as received. */
export type RawBody = string | Uint8Array | ArrayBuffer;

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
