import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANSWER_RESERVE_MS, withinTimeBudget } from '../../src/handler/time-budget.js';
import { type DedupeStore, MemoryDedupeStore } from '../../src/webhooks/dedupe.js';

afterEach(() => {
  vi.useRealTimers();
});

function spyStore(answer: () => Promise<never> | 'claimed' = () => 'claimed') {
  const ttls: number[] = [];
  const store: DedupeStore = {
    claim: (_k, _t, ttlMs) => {
      ttls.push(ttlMs);
      return answer();
    },
    complete: () => true,
    release: () => true,
  };
  return { store, ttls };
}

describe('withinTimeBudget', () => {
  it('changes nothing without a store or without a remaining-time reader', () => {
    const store = new MemoryDedupeStore();
    expect(withinTimeBudget(null, () => 1000)).toBeNull();
    expect(withinTimeBudget(store, undefined)).toBe(store);
  });

  it('caps the claim TTL at the time left, and leaves a shorter TTL alone', async () => {
    const { store, ttls } = spyStore();
    await withinTimeBudget(store, () => 4_000)?.claim('k', 't', 60_000);
    await withinTimeBudget(store, () => 900_000)?.claim('k', 't', 60_000);
    expect(ttls).toEqual([4_000, 60_000]);
  });

  it('rejects a call that would end less than the reserve before the deadline, and never starts one with no time', async () => {
    vi.useFakeTimers();
    const { store, ttls } = spyStore(() => new Promise<never>(() => {}));
    const bounded = withinTimeBudget(store, () => 1_000) as DedupeStore;
    const pending = Promise.resolve(bounded.claim('k', 't', 60_000));
    const settled = vi.fn();
    pending.catch(settled);
    await vi.advanceTimersByTimeAsync(1_000 - ANSWER_RESERVE_MS - 1);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).rejects.toMatchObject({
      name: 'KlarefiTimeBudgetError',
      code: 'time_budget_exceeded',
    });
    const late = withinTimeBudget(store, () => ANSWER_RESERVE_MS) as DedupeStore;
    await expect(Promise.resolve(late.release('k', 't'))).rejects.toThrow(/would outlive the function/);
    expect(ttls).toHaveLength(1);
  });

  it('passes a store error through unchanged, and bounds nothing on a reading that is not a number', async () => {
    const failing: DedupeStore = {
      claim: () => Promise.reject(new Error('down')),
      complete: () => true,
      release: () => true,
    };
    await expect(Promise.resolve(withinTimeBudget(failing, () => 5_000)?.claim('k', 't', 1))).rejects.toThrow(
      'down',
    );
    const { store, ttls } = spyStore();
    await withinTimeBudget(store, () => Number.NaN)?.claim('k', 't', 60_000);
    expect(ttls).toEqual([60_000]);
  });
});
