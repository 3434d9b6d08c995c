import { KlarefiWebhookSignatureError } from '../errors/signature.js';
import type { KlarefiEvent } from '../types/events.js';

/** A verified delivery: its event, and the signed timestamp and HMAC (hex) that matched. */
export interface Verified {
  event: KlarefiEvent;
  timestamp: string;
  signature: string;
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
