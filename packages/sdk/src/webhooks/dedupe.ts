import { randomUuid } from '../client/idempotency.js';
import { KlarefiConfigError } from '../errors/base.js';

/** The state of a delivery id in a {@link DedupeStore}, as `claim` answers it. */
export type DedupeState = 'claimed' | 'processing' | 'done';

/**
 * Where delivery ids are remembered, so that an at-least-once delivery runs its handlers once,
 * even across instances. Two round trips per delivery: `claim`, then `complete` or `release`.
 *
 * The caller makes a fresh random `token` per attempt. All TTLs are in **milliseconds**. In Redis:
 * `claim` is `SET key processing:<token> NX PX ttlMs`; `complete` and `release` are a script that
 * compares the stored token first, so an instance whose claim lapsed can neither mark done nor
 * delete a claim another instance now holds. Check a store with `runDedupeStoreContract` from
 * `@klarefi/sdk/testing`.
 */
export interface DedupeStore {
  /**
   * Atomically: when `key` is absent or its entry expired, stores a claim held by `token` for
   * `ttlMs` and answers `'claimed'`. Otherwise changes nothing and answers `'processing'` (an
   * unexpired claim, whoever holds it) or `'done'` (processed). A throw or rejection means "unknown":
   * the handler does not run and the delivery answers `503 dedupe_unavailable`.
   */
  claim(key: string, token: string, ttlMs: number): DedupeState | Promise<DedupeState>;
  /**
   * When `key` holds the unexpired claim of `token`, marks it processed, remembered for `ttlMs`,
   * and answers `true`. Otherwise changes nothing and answers `false`.
   */
  complete(key: string, token: string, ttlMs: number): boolean | Promise<boolean>;
  /**
   * When `key` holds the unexpired claim of `token`, deletes it (so a retried delivery runs again)
   * and answers `true`. Otherwise changes nothing and answers `false`.
   */
  release(key: string, token: string): boolean | Promise<boolean>;
}

/** A fresh claim token: unique per attempt, not secret. */
export function newClaimToken(): string {
  return randomUuid();
}

/** Options of {@link MemoryDedupeStore}. */
export interface MemoryDedupeStoreOptions {
  /**
   * The most ids remembered; the oldest are forgotten first.
   * @default 10000
   */
  maxEntries?: number;
  /**
   * The clock, in milliseconds. For tests.
   * @default Date.now
   */
  now?: () => number;
}

interface Entry {
  state: 'processing' | 'done';
  token: string;
  expiresAt: number;
}

/**
 * An in-process {@link DedupeStore}: bounded, with TTL. Right for one process; several
 * instances behind a load balancer need a shared store (`@klarefi/redis`, `@klarefi/postgres`).
 */
export class MemoryDedupeStore implements DedupeStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #now: () => number;
  #nextSweep = Number.NEGATIVE_INFINITY;

  constructor(options: MemoryDedupeStoreOptions = {}) {
    const { maxEntries = 10_000, now = Date.now } = options;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new KlarefiConfigError(
        `MemoryDedupeStore maxEntries must be a positive integer (default 10000); got ${String(maxEntries)}.`,
      );
    }
    this.#maxEntries = maxEntries;
    this.#now = now;
  }

  /** How many ids are held, expired ones included until they are next touched. */
  get size(): number {
    return this.#entries.size;
  }

  claim(key: string, token: string, ttlMs: number): DedupeState {
    const entry = this.#live(key);
    if (entry) return entry.state;
    this.#set(key, { state: 'processing', token, expiresAt: this.#now() + ttlMs });
    return 'claimed';
  }

  complete(key: string, token: string, ttlMs: number): boolean {
    if (!this.#holds(key, token)) return false;
    this.#set(key, { state: 'done', token, expiresAt: this.#now() + ttlMs });
    return true;
  }

  release(key: string, token: string): boolean {
    if (!this.#holds(key, token)) return false;
    this.#entries.delete(key);
    return true;
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    return entry && entry.expiresAt > this.#now() ? entry : undefined;
  }

  #holds(key: string, token: string): boolean {
    const entry = this.#live(key);
    return entry?.state === 'processing' && entry.token === token;
  }

  #set(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#maxEntries) this.#evict();
  }

  #evict(): void {
    const now = this.#now();
    // A full sweep for expired ids at most once a second: on a full store, every insert evicts,
    // and sweeping each time would cost O(maxEntries) per delivery.
    if (now >= this.#nextSweep) {
      this.#nextSweep = now + 1_000;
      for (const [key, entry] of this.#entries) {
        if (entry.expiresAt <= now) this.#entries.delete(key);
      }
    }
    // Insertion order is age order, so the first keys are the oldest.
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(key);
    }
  }
}
