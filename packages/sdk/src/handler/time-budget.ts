import { withTimeout } from '../shared/timeout.js';
import type { DedupeStore } from '../webhooks/dedupe.js';

/**
 * Time kept back from a function's remaining time for writing the answer: a dedupe store call
 * must end this long before the platform stops the function.
 */
export const ANSWER_RESERVE_MS = 250;

/** Why a store call was abandoned: it would have outlived the function. */
function budgetExceeded(call: string, leftMs: number): Error {
  const error = new Error(
    `The dedupe store's ${call}() would outlive the function (${Math.max(0, Math.round(leftMs))} ms left); the delivery is not processed and the service retries it.`,
  );
  error.name = 'KlarefiTimeBudgetError';
  Object.assign(error, { code: 'time_budget_exceeded' });
  return error;
}

function bounded<T>(call: string, run: () => T | Promise<T>, leftMs: number): Promise<T> {
  const budget = leftMs - ANSWER_RESERVE_MS;
  if (budget <= 0) return Promise.reject(budgetExceeded(call, leftMs));
  return withTimeout(Promise.resolve().then(run), budget, () => budgetExceeded(call, leftMs));
}

/**
 * Bounds every call to `store` by a function platform's remaining time, read at each call (AWS
 * Lambda's `context.getRemainingTimeInMillis`). A claim lasts at most the time left, as AWS
 * Powertools' idempotency sets its in-progress expiry to now + the remaining time: a function
 * the platform stops mid-handler leaves a claim that lapses when it would have ended. A call that
 * cannot finish `ANSWER_RESERVE_MS` before then rejects, and the core fails closed with
 * `503 dedupe_unavailable`. A reading that is not a finite number bounds nothing.
 */
export function withinTimeBudget(
  store: DedupeStore | null,
  remainingTimeMs: (() => number) | undefined,
): DedupeStore | null {
  if (!store || !remainingTimeMs) return store;
  const left = (): number | null => {
    const ms = remainingTimeMs();
    return typeof ms === 'number' && Number.isFinite(ms) ? ms : null;
  };
  return {
    claim(key, token, ttlMs) {
      const ms = left();
      if (ms === null) return store.claim(key, token, ttlMs);
      return bounded('claim', () => store.claim(key, token, Math.max(1, Math.min(ttlMs, ms))), ms);
    },
    complete(key, token, ttlMs) {
      const ms = left();
      return ms === null
        ? store.complete(key, token, ttlMs)
        : bounded('complete', () => store.complete(key, token, ttlMs), ms);
    },
    release(key, token) {
      const ms = left();
      return ms === null
        ? store.release(key, token)
        : bounded('release', () => store.release(key, token), ms);
    },
  };
}
