import { KlarefiConfigError } from '../errors.js';

/** The state of a delivery id in a {@link DedupeStore}. */
export type DedupeState = 'claimed' | 'processing' | 'done';

/**
 * Where processed delivery ids are remembered, so that an at-least-once delivery runs its
 * handlers once. The contract fits a shared store such as Redis:
 * `claim` is `SET key processing NX EX ttl`, `complete` overwrites with `done`, `release` deletes.
 */
export interface DedupeStore {
  /**
   * Claims `key` for processing. Returns `'claimed'` when this caller now owns it,
   * `'processing'` when another caller holds an unexpired claim, `'done'` when it was processed.
   * The claim expires after `ttlSeconds` if never completed or released.
   */
  claim(key: string, ttlSeconds: number): DedupeState | Promise<DedupeState>;
  /** Marks `key` processed; it is remembered for `ttlSeconds`. */
  complete(key: string, ttlSeconds: number): void | Promise<void>;
  /** Forgets a claim, so that a retried delivery runs again (its handler failed). */
  release(key: string): void | Promise<void>;
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
  expiresAt: number;
}

/**
 * An in-process {@link DedupeStore}: bounded, with TTL. Right for one process; several
 * instances behind a load balancer need a shared store.
 */
export class MemoryDedupeStore implements DedupeStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #now: () => number;

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

  claim(key: string, ttlSeconds: number): DedupeState {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > this.#now()) return entry.state;
    this.#set(key, 'processing', ttlSeconds);
    return 'claimed';
  }

  complete(key: string, ttlSeconds: number): void {
    this.#set(key, 'done', ttlSeconds);
  }

  release(key: string): void {
    this.#entries.delete(key);
  }

  #set(key: string, state: Entry['state'], ttlSeconds: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { state, expiresAt: this.#now() + ttlSeconds * 1000 });
    if (this.#entries.size > this.#maxEntries) this.#evict();
  }

  #evict(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#entries.delete(key);
    }
    // Insertion order is age order, so the first keys are the oldest.
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(key);
    }
  }
}
