import { KlarefiError } from './base.js';

/** Why a webhook delivery was refused. Stable: safe to branch on. */
export type WebhookSignatureErrorCode =
  | 'missing_header'
  | 'malformed_header'
  | 'timestamp_outside_tolerance'
  | 'no_matching_signature'
  | 'invalid_payload_type'
  | 'invalid_json';

/**
 * Thrown by `constructEvent` / `constructEventAsync` when a delivery cannot be trusted or read.
 * The message says what was wrong and how to fix it; it never contains a secret.
 */
export class KlarefiWebhookSignatureError extends KlarefiError {
  override name = 'KlarefiWebhookSignatureError';
  /** Which check failed. */
  readonly code: WebhookSignatureErrorCode;

  constructor(code: WebhookSignatureErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
