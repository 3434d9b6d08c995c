import { KlarefiWebhookSignatureError } from './errors.js';

/** The header Klarefi signs deliveries with. */
export const SIGNATURE_HEADER = 'X-Klarefi-Signature';
/** Longer headers are refused before any parsing work. */
export const MAX_SIGNATURE_HEADER_BYTES = 8192;

const DIGITS = /^\d{1,15}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const SCHEME = /^[A-Za-z0-9_-]+$/;

/** A parsed `X-Klarefi-Signature` header. */
export interface ParsedSignatureHeader {
  /** The signed timestamp, in unix seconds. */
  timestamp: number;
  /** The timestamp exactly as sent; it is what was signed. */
  timestampText: string;
  /** Every `v1` signature, lowercase hex. */
  signatures: string[];
}

function malformed(detail: string): KlarefiWebhookSignatureError {
  return new KlarefiWebhookSignatureError(
    'malformed_header',
    `The ${SIGNATURE_HEADER} header is malformed: ${detail}. Expected "t=<unix seconds>,v1=<64 lowercase hex digits>"; pass the header value exactly as received.`,
  );
}

/**
 * Parses a signature header strictly: exactly one `t` of digits, one or more `v1` of 64
 * lowercase hex digits, other schemes ignored, at most 8 KiB.
 *
 * @throws {KlarefiWebhookSignatureError} `missing_header` or `malformed_header`.
 */
export function parseSignatureHeader(header: unknown): ParsedSignatureHeader {
  if (Array.isArray(header)) {
    if (header.length > 1) throw malformed(`it was sent ${header.length} times; send it once`);
    header = header[0];
  }
  if (header === undefined || header === null || header === '') {
    throw new KlarefiWebhookSignatureError(
      'missing_header',
      `No ${SIGNATURE_HEADER} header was provided. Klarefi signs every delivery; pass the request's ${SIGNATURE_HEADER} header value (header lookups are case-insensitive, Node lower-cases it to "x-klarefi-signature").`,
    );
  }
  if (typeof header !== 'string') throw malformed(`expected a string, got ${typeof header}`);
  if (header.length > MAX_SIGNATURE_HEADER_BYTES) {
    throw malformed(`it is ${header.length} characters long, over the ${MAX_SIGNATURE_HEADER_BYTES} limit`);
  }
  let timestampText: string | undefined;
  const signatures: string[] = [];
  for (const raw of header.split(',')) {
    const part = raw.trim();
    const eq = part.indexOf('=');
    if (eq <= 0)
      throw malformed(part === '' ? 'it has an empty element' : `"${part.slice(0, 32)}" is not key=value`);
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (!SCHEME.test(key)) throw malformed(`"${key.slice(0, 32)}" is not a valid key`);
    if (key === 't') {
      if (timestampText !== undefined) throw malformed('it has more than one t');
      if (!DIGITS.test(value)) throw malformed('t must be unix seconds, digits only');
      timestampText = value;
    } else if (key === 'v1') {
      if (!HEX64.test(value)) throw malformed('each v1 must be 64 lowercase hex digits');
      signatures.push(value);
    }
  }
  if (timestampText === undefined) throw malformed('it has no t (timestamp)');
  if (signatures.length === 0) throw malformed('it has no v1 signature');
  return { timestamp: Number(timestampText), timestampText, signatures };
}
