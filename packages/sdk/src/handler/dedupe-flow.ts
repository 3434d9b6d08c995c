import type { DedupeState, DedupeStore } from '../webhooks/dedupe.js';
import { newClaimToken } from '../webhooks/dedupe.js';
import { redactedCause } from '../shared/redact.js';

/**
 * Claims `key` with a fresh token. A store that fails or answers nonsense is `unavailable`: the
 * handler does not run and the delivery answers `503 dedupe_unavailable`. `cause` is redacted
 * (a store's error can name a host or hold a connection string), or the SDK's own explanation.
 */
export async function claimDelivery(
  store: DedupeStore,
  key: string,
  claimTtlMs: number,
): Promise<{ state: DedupeState; token: string } | { state: 'unavailable'; cause: Error }> {
  const token = newClaimToken();
  let state: unknown;
  try {
    state = await store.claim(key, token, claimTtlMs);
  } catch (cause) {
    return { state: 'unavailable', cause: redactedCause(cause, 'The dedupe store failed') };
  }
  if (state !== 'claimed' && state !== 'processing' && state !== 'done') {
    const cause = new TypeError(
      `The dedupe store's claim() answered ${typeof state}, not "claimed", "processing" or "done"; fix the store's claim().`,
    );
    return { state: 'unavailable', cause };
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
