import { describe, expect, it } from 'vitest';
import { KlarefiConfigError } from '../../src/errors/base.js';
import { MemoryDedupeStore } from '../../src/webhooks/dedupe.js';

const T = 'token-1';

/** A store on a clock the test moves by hand. */
function storeAt(start = 1_000_000, maxEntries?: number) {
  let now = start;
  const store = new MemoryDedupeStore({ now: () => now, ...(maxEntries !== undefined && { maxEntries }) });
  return {
    store,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('MemoryDedupeStore transitions', () => {
  it('claims a new id, then reports it processing, then done after complete', () => {
    const { store } = storeAt();
    expect(store.claim('whd_1', T, 60_000)).toBe('claimed');
    expect(store.claim('whd_1', T, 60_000)).toBe('processing');
    store.complete('whd_1', T, 3_600_000);
    expect(store.claim('whd_1', T, 60_000)).toBe('done');
    expect(store.claim('whd_1', T, 60_000)).toBe('done');
  });

  it('keeps ids apart', () => {
    const { store } = storeAt();
    expect(store.claim('whd_1', T, 60_000)).toBe('claimed');
    expect(store.claim('whd_2', T, 60_000)).toBe('claimed');
    store.complete('whd_2', T, 60_000);
    expect(store.claim('whd_1', T, 60_000)).toBe('processing');
    expect(store.claim('whd_2', T, 60_000)).toBe('done');
  });

  it('release forgets a claim so that the retried delivery runs again', () => {
    const { store } = storeAt();
    store.claim('whd_1', T, 60_000);
    store.release('whd_1', T);
    expect(store.size).toBe(0);
    expect(store.claim('whd_1', T, 60_000)).toBe('claimed');
  });

  it('complete and release need the claim token; another token changes nothing', () => {
    const { store } = storeAt();
    store.claim('whd_1', T, 60_000);
    expect(store.complete('whd_1', 'other', 60_000)).toBe(false);
    expect(store.release('whd_1', 'other')).toBe(false);
    expect(store.claim('whd_1', 'other', 60_000)).toBe('processing');
    expect(store.complete('whd_1', T, 60_000)).toBe(true);
    expect(store.release('whd_1', T)).toBe(false);
    expect(store.claim('whd_1', T, 60_000)).toBe('done');
  });

  it('a lapsed claim, now held by another token, cannot be completed or released by the first', () => {
    const { store, advance } = storeAt();
    store.claim('whd_1', T, 1_000);
    advance(1_000);
    expect(store.complete('whd_1', T, 60_000)).toBe(false);
    expect(store.claim('whd_1', 'second', 60_000)).toBe('claimed');
    expect(store.release('whd_1', T)).toBe(false);
    expect(store.complete('whd_1', 'second', 60_000)).toBe(true);
  });

  it('release of an unknown id is harmless', () => {
    const { store } = storeAt();
    expect(() => store.release('whd_never', T)).not.toThrow();
    expect(store.claim('whd_never', T, 60_000)).toBe('claimed');
  });
});

describe('MemoryDedupeStore TTL', () => {
  it('lets a claim lapse after its TTL, so a crashed handler does not block retries forever', () => {
    const { store, advance } = storeAt();
    store.claim('whd_1', T, 60_000);
    advance(59_999);
    expect(store.claim('whd_1', T, 60_000)).toBe('processing');
    advance(1);
    expect(store.claim('whd_1', T, 60_000)).toBe('claimed');
  });

  it('remembers a completed id for its own TTL, then forgets it', () => {
    const { store, advance } = storeAt();
    store.claim('whd_1', T, 60_000);
    advance(30_000);
    store.complete('whd_1', T, 10_000);
    advance(9_999);
    expect(store.claim('whd_1', T, 60_000)).toBe('done');
    advance(1);
    expect(store.claim('whd_1', T, 60_000)).toBe('claimed');
  });

  it('uses Date.now by default', () => {
    const store = new MemoryDedupeStore();
    expect(store.claim('whd_1', T, 60_000)).toBe('claimed');
    expect(store.claim('whd_1', T, 60_000)).toBe('processing');
    expect(store.claim('whd_0', T, 60_000)).toBe('claimed');
  });
});

describe('MemoryDedupeStore bound', () => {
  it('evicts the oldest ids beyond maxEntries', () => {
    const { store } = storeAt(0, 3);
    for (const id of ['a', 'b', 'c', 'd']) expect(store.claim(id, T, 60_000)).toBe('claimed');
    expect(store.size).toBe(3);
    expect(store.claim('b', T, 60_000)).toBe('processing');
    expect(store.claim('d', T, 60_000)).toBe('processing');
    expect(store.claim('a', T, 60_000)).toBe('claimed');
  });

  it('evicts expired ids before live ones', () => {
    const { store, advance } = storeAt(0, 3);
    store.claim('a', T, 100_000);
    store.claim('b', T, 1_000);
    store.claim('c', T, 100_000);
    advance(2_000);
    store.claim('d', T, 100_000);
    expect(store.size).toBe(3);
    expect(store.claim('a', T, 100_000)).toBe('processing');
    expect(store.claim('c', T, 100_000)).toBe('processing');
  });

  it('counts complete as the newest use of an id', () => {
    const { store } = storeAt(0, 3);
    store.claim('a', T, 60_000);
    store.claim('b', T, 60_000);
    store.claim('c', T, 60_000);
    store.complete('a', T, 60_000);
    store.claim('d', T, 60_000);
    expect(store.claim('a', T, 60_000)).toBe('done');
    expect(store.claim('b', T, 60_000)).toBe('claimed');
  });

  it('holds 10000 ids by default', () => {
    const { store } = storeAt();
    for (let i = 0; i <= 10_000; i++) store.claim(`whd_${i}`, T, 60_000);
    expect(store.size).toBe(10_000);
    expect(store.claim('whd_10000', T, 60_000)).toBe('processing');
    expect(store.claim('whd_1', T, 60_000)).toBe('processing');
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '10', null])(
    'refuses maxEntries %s with a KlarefiConfigError naming the option',
    (maxEntries) => {
      expect(() => new MemoryDedupeStore({ maxEntries: maxEntries as number })).toThrow(KlarefiConfigError);
      expect(() => new MemoryDedupeStore({ maxEntries: maxEntries as number })).toThrow(/maxEntries/);
    },
  );

  it('accepts maxEntries 1', () => {
    const { store } = storeAt(0, 1);
    store.claim('a', T, 60_000);
    store.claim('b', T, 60_000);
    expect(store.size).toBe(1);
    expect(store.claim('b', T, 60_000)).toBe('processing');
  });
});
