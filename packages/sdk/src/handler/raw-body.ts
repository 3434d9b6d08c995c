import { KlarefiHttpError } from '../errors/http.js';
import { checkRawBody } from '../webhooks/shared.js';
import { getHeader, type WebhookInput } from './core.js';

const EMPTY = new Uint8Array(0);

/**
 * The webhook body as the sender's bytes, decided here for every adapter: bytes or text are
 * used as given; anything else (`undefined`, a parsed object) is zero bytes when the request
 * declared no body, and otherwise a 500 `raw_body_unavailable` with the adapter's fix.
 */
export function webhookBody(input: WebhookInput<unknown>): string | Uint8Array {
  try {
    return checkRawBody(input.rawBody);
  } catch (cause) {
    const length = getHeader(input.headers, 'content-length');
    const declaresBody = getHeader(input.headers, 'transfer-encoding') !== undefined || Number(length) > 0;
    if (!declaresBody) return EMPTY;
    throw new KlarefiHttpError(500, 'raw_body_unavailable', input.rawBodyHelp ?? (cause as Error).message, {
      cause,
    });
  }
}
