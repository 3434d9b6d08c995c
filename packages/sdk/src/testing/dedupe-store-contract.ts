import type { DedupeState, DedupeStore } from '../webhooks/dedupe.js';

/** The `describe` and `it` of your test runner: vitest, jest, `node:test`, mocha. */
export interface ContractRunner {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>): unknown;
}

/** Options of {@link runDedupeStoreContract}. */
export interface DedupeStoreContractOptions {
  /**
   * The store under test. Called once per case; it may return the same store each time, since
   * every case uses fresh keys.
   */
  makeStore: () => DedupeStore | Promise<DedupeStore>;
  /**
   * Moves the store's clock forward by `ms`, for stores with an injectable clock. Without it,
   * the lapse cases use `shortTtlMs` and wait (polling, bounded by `lapseTimeoutMs`) for the
   * store's own clock.
   * @default none: wait for the real clock
   */
  advance?: (ms: number) => void | Promise<void>;
  /**
   * The TTL, in milliseconds, of the claims and entries the lapse cases let expire.
   * @default 100
   */
  shortTtlMs?: number;
  /**
   * How long a lapse case waits for an expiry before it fails, in milliseconds.
   * @default 5000
   */
  lapseTimeoutMs?: number;
  /**
   * How many concurrent claims race for one key; exactly one must win.
   * @default 50
   */
  concurrentClaims?: number;
  /**
   * Names the suite, e.g. `"RedisDedupeStore (ioredis)"`.
   * @default "DedupeStore contract"
   */
  name?: string;
}

const LONG_TTL_MS = 60_000;

function fail(message: string): never {
  throw new Error(`DedupeStore contract: ${message}`);
}

function same<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) fail(`${what}: expected ${String(expected)}, got ${String(actual)}.`);
}

/**
 * Registers the `DedupeStore` contract as test cases on your runner: claim, complete and release,
 * the token rule, TTL lapse of claims and of processed entries, and concurrent claims (exactly
 * one wins). Framework-neutral: failures are thrown `Error`s.
 *
 * @example
 * import { describe, it } from 'vitest';
 * import { runDedupeStoreContract } from '@klarefi/sdk/testing';
 * runDedupeStoreContract({ describe, it }, { makeStore: () => new MyStore(client) });
 */
export function runDedupeStoreContract(runner: ContractRunner, options: DedupeStoreContractOptions): void {
  const { makeStore, advance, shortTtlMs = 100, lapseTimeoutMs = 5_000, concurrentClaims = 50 } = options;
  if (typeof makeStore !== 'function')
    fail('options.makeStore must be a function returning the store under test.');
  const run = Math.random().toString(36).slice(2, 10);
  let counter = 0;
  const fresh = (label: string) => `contract:${run}:${label}:${++counter}`;

  // Waits until `probe` answers something other than `waitingOn`, and returns that answer.
  async function afterLapse(probe: () => Promise<DedupeState>, waitingOn: DedupeState): Promise<DedupeState> {
    if (advance) {
      await advance(shortTtlMs + 1);
      return probe();
    }
    const deadline = Date.now() + shortTtlMs + lapseTimeoutMs;
    for (;;) {
      const state = await probe();
      if (state !== waitingOn) return state;
      if (Date.now() > deadline)
        fail(
          `an entry with a ${shortTtlMs} ms TTL was still "${waitingOn}" after ${lapseTimeoutMs} ms more.`,
        );
      await new Promise((resolve) => setTimeout(resolve, Math.max(5, shortTtlMs / 4)));
    }
  }

  const test = (name: string, body: (store: DedupeStore) => Promise<void>) =>
    runner.it(name, async () => body(await makeStore()));

  runner.describe(options.name ?? 'DedupeStore contract', () => {
    test('claim answers claimed, then processing to another token, then done after complete', async (store) => {
      const key = fresh('basic');
      same(await store.claim(key, 'a', LONG_TTL_MS), 'claimed', 'first claim');
      same(await store.claim(key, 'b', LONG_TTL_MS), 'processing', 'claim while held');
      same(await store.claim(key, 'a', LONG_TTL_MS), 'processing', 'claim by the holder again');
      same(await store.complete(key, 'a', LONG_TTL_MS), true, 'complete by the holder');
      same(await store.claim(key, 'c', LONG_TTL_MS), 'done', 'claim after complete');
      same(await store.complete(key, 'a', LONG_TTL_MS), false, 'complete of a done entry');
      same(await store.release(key, 'a'), false, 'release of a done entry');
      same(await store.claim(key, 'c', LONG_TTL_MS), 'done', 'claim after a refused release');
    });

    test('release by the holder forgets the claim, so the retry claims it again', async (store) => {
      const key = fresh('release');
      same(await store.claim(key, 'a', LONG_TTL_MS), 'claimed', 'first claim');
      same(await store.release(key, 'a'), true, 'release by the holder');
      same(await store.claim(key, 'b', LONG_TTL_MS), 'claimed', 'claim after release');
    });

    test('another token can neither complete nor release a claim', async (store) => {
      const key = fresh('token');
      same(await store.claim(key, 'a', LONG_TTL_MS), 'claimed', 'first claim');
      same(await store.complete(key, 'b', LONG_TTL_MS), false, 'complete with another token');
      same(await store.release(key, 'b'), false, 'release with another token');
      same(await store.claim(key, 'b', LONG_TTL_MS), 'processing', 'the claim survives');
      same(await store.complete(key, 'a', LONG_TTL_MS), true, 'complete by the holder');
    });

    test('complete and release of an unknown key answer false and create nothing', async (store) => {
      const key = fresh('unknown');
      same(await store.complete(key, 'a', LONG_TTL_MS), false, 'complete of an unknown key');
      same(await store.release(key, 'a'), false, 'release of an unknown key');
      same(await store.claim(key, 'a', LONG_TTL_MS), 'claimed', 'claim after those');
    });

    test('keys are independent', async (store) => {
      const one = fresh('one');
      const two = fresh('two');
      same(await store.claim(one, 'a', LONG_TTL_MS), 'claimed', 'claim of one');
      same(await store.claim(two, 'a', LONG_TTL_MS), 'claimed', 'claim of two');
      same(await store.complete(two, 'a', LONG_TTL_MS), true, 'complete of two');
      same(await store.claim(one, 'b', LONG_TTL_MS), 'processing', 'one is still held');
      same(
        await store.claim(`sig:${run}:1700000000:ab:cd`, 'a', LONG_TTL_MS),
        'claimed',
        'a key with colons',
      );
    });

    test('a lapsed claim is claimed by the next token; the first holder can no longer settle it', async (store) => {
      const key = fresh('lapse');
      same(await store.claim(key, 'a', shortTtlMs), 'claimed', 'first claim');
      const next = await afterLapse(() => Promise.resolve(store.claim(key, 'b', LONG_TTL_MS)), 'processing');
      same(next, 'claimed', 'claim after the first claim lapsed');
      same(await store.complete(key, 'a', LONG_TTL_MS), false, 'complete by the lapsed holder');
      same(await store.release(key, 'a'), false, 'release by the lapsed holder');
      same(await store.claim(key, 'c', LONG_TTL_MS), 'processing', 'the new claim survives');
      same(await store.complete(key, 'b', LONG_TTL_MS), true, 'complete by the new holder');
    });

    test('a processed entry is forgotten after its own TTL', async (store) => {
      const key = fresh('done-lapse');
      same(await store.claim(key, 'a', LONG_TTL_MS), 'claimed', 'first claim');
      same(await store.complete(key, 'a', shortTtlMs), true, 'complete with a short TTL');
      const next = await afterLapse(() => Promise.resolve(store.claim(key, 'b', LONG_TTL_MS)), 'done');
      same(next, 'claimed', 'claim after the processed entry lapsed');
    });

    test(`exactly one of ${concurrentClaims} concurrent claims wins`, async (store) => {
      const key = fresh('race');
      const answers = await Promise.all(
        Array.from({ length: concurrentClaims }, (_, index) =>
          Promise.resolve(store.claim(key, `t${index}`, LONG_TTL_MS)),
        ),
      );
      same(answers.filter((state) => state === 'claimed').length, 1, 'claims answered "claimed"');
      same(
        answers.filter((state) => state === 'processing').length,
        concurrentClaims - 1,
        'claims answered "processing"',
      );
      const winner = answers.indexOf('claimed');
      const loser = winner === 0 ? 1 : 0;
      same(await store.complete(key, `t${loser}`, LONG_TTL_MS), false, 'complete by a losing token');
      same(await store.complete(key, `t${winner}`, LONG_TTL_MS), true, 'complete by the winning token');
    });
  });
}
