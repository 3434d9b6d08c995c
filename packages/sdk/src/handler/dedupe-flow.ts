import type { DedupeState, DedupeStore } from '../webhooks/dedupe.js';
import { newClaimToken } from '../webhooks/dedupe.js';
import { KlarefiHttpError } from '../errors/http.js';
import { redactedCause } from '../errors/redact.js';

/** How long the service is asked to wait before retrying a delivery the store could not take. */
export const DEDUPE_UNAVAILABLE_RETRY_AFTER_SECONDS = 10;

/**
 * The fail-closed answer: the handler did not run, so the service must retry. `cause` is the
 * already redacted failure of a store, or the SDK's own explanation (which holds no store data).
 */
function dedupeUnavailable(cause: Error): KlarefiHttpError {
  return new KlarefiHttpError(
    503,
    'dedupe_unavailable',
    'The delivery was not processed: the dedupe store could not be reached. Retry later.',
    {
      headers: { 'retry-after': String(DEDUPE_UNAVAILABLE_RETRY_AFTER_SECONDS) },
      cause,
    },
  );
}

/** Claims `key` with a fresh token; a store failure becomes `503 dedupe_unavailable`. */
export async function claimDelivery(
  store: DedupeStore,
  key: string,
  claimTtlMs: number,
): Promise<{ state: DedupeState; token: string }> {
  const token = newClaimToken();
  let state: unknown;
  try {
    state = await store.claim(key, token, claimTtlMs);
  } catch (cause) {
    throw dedupeUnavailable(redactedCause(cause, 'The dedupe store failed'));
  }
  if (state !== 'claimed' && state !== 'processing' && state !== 'done') {
    throw dedupeUnavailable(
      new TypeError(
        `The dedupe store's claim() answered ${typeof state}, not "claimed", "processing" or "done"; fix the store's claim().`,
      ),
    );
  }
  return { state, token };
}

/**
 * Completes or releases a claim once the handler has run. A failure here is not the
 * delivery's: the handler's outcome stands, and an unreleased or uncompleted claim lapses
 * after `claimTtlSeconds` (answering 503 after a handler succeeded would run it twice).
 */
export async function settleClaim(operation: () => boolean | Promise<boolean>): Promise<void> {
  try {
    await operation();
  } catch {
    // see above
  }
}
