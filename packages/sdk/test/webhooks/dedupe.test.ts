import { describe, expect, it } from 'vitest';
import { KlarefiConfigError } from '../../src/errors.js';
import { MemoryDedupeStore } from '../../src/webhooks/dedupe.js';

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
    expect(store.claim('whd_1', 60)).toBe('claimed');
    expect(store.claim('whd_1', 60)).toBe('processing');
    store.complete('whd_1', 3600);
    expect(store.claim('whd_1', 60)).toBe('done');
    expect(store.claim('whd_1', 60)).toBe('done');
  });

  it('keeps ids apart', () => {
    const { store } = storeAt();
    expect(store.claim('whd_1', 60)).toBe('claimed');
    expect(store.claim('whd_2', 60)).toBe('claimed');
    store.complete('whd_2', 60);
    expect(store.claim('whd_1', 60)).toBe('processing');
    expect(store.claim('whd_2', 60)).toBe('done');
  });

  it('release forgets a claim so that the retried delivery runs again', () => {
    const { store } = storeAt();
    store.claim('whd_1', 60);
    store.release('whd_1');
    expect(store.size).toBe(0);
    expect(store.claim('whd_1', 60)).toBe('claimed');
  });

  it('release of an unknown id is harmless', () => {
    const { store } = storeAt();
    expect(() => store.release('whd_never')).not.toThrow();
    expect(store.claim('whd_never', 60)).toBe('claimed');
  });
});

describe('MemoryDedupeStore TTL', () => {
  it('lets a claim lapse after its TTL, so a crashed handler does not block retries forever', () => {
    const { store, advance } = storeAt();
    store.claim('whd_1', 60);
    advance(59_999);
    expect(store.claim('whd_1', 60)).toBe('processing');
    advance(1);
    expect(store.claim('whd_1', 60)).toBe('claimed');
  });

  it('remembers a completed id for its own TTL, then forgets it', () => {
    const { store, advance } = storeAt();
    store.claim('whd_1', 60);
    advance(30_000);
    store.complete('whd_1', 10);
    advance(9_999);
    expect(store.claim('whd_1', 60)).toBe('done');
    advance(1);
    expect(store.claim('whd_1', 60)).toBe('claimed');
  });

  it('uses Date.now by default', () => {
    const store = new MemoryDedupeStore();
    expect(store.claim('whd_1', 60)).toBe('claimed');
    expect(store.claim('whd_1', 60)).toBe('processing');
  });
});

describe('MemoryDedupeStore bound', () => {
  it('evicts the oldest ids beyond maxEntries', () => {
    const { store } = storeAt(0, 3);
    for (const id of ['a', 'b', 'c', 'd']) expect(store.claim(id, 60)).toBe('claimed');
    expect(store.size).toBe(3);
    expect(store.claim('b', 60)).toBe('processing');
    expect(store.claim('d', 60)).toBe('processing');
    expect(store.claim('a', 60)).toBe('claimed');
  });

  it('evicts expired ids before live ones', () => {
    const { store, advance } = storeAt(0, 3);
    store.claim('a', 100);
    store.claim('b', 1);
    store.claim('c', 100);
    advance(2_000);
    store.claim('d', 100);
    expect(store.size).toBe(3);
    expect(store.claim('a', 100)).toBe('processing');
    expect(store.claim('c', 100)).toBe('processing');
  });

  it('counts complete as the newest use of an id', () => {
    const { store } = storeAt(0, 3);
    store.claim('a', 60);
    store.claim('b', 60);
    store.claim('c', 60);
    store.complete('a', 60);
    store.claim('d', 60);
    expect(store.claim('a', 60)).toBe('done');
    expect(store.claim('b', 60)).toBe('claimed');
  });

  it('holds 10000 ids by default', () => {
    const { store } = storeAt();
    for (let i = 0; i <= 10_000; i++) store.claim(`whd_${i}`, 60);
    expect(store.size).toBe(10_000);
    expect(store.claim('whd_10000', 60)).toBe('processing');
    expect(store.claim('whd_1', 60)).toBe('processing');
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
    store.claim('a', 60);
    store.claim('b', 60);
    expect(store.size).toBe(1);
    expect(store.claim('b', 60)).toBe('processing');
  });
});
