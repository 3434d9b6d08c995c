import { describe, expect, it } from 'vitest';
import { runDedupeStoreContract } from '../../src/entries/testing.js';
import { type DedupeStore, MemoryDedupeStore } from '../../src/webhooks/dedupe.js';

let now = 1_000_000;
const clocked = new MemoryDedupeStore({ now: () => now });
runDedupeStoreContract(
  { describe, it },
  {
    name: 'MemoryDedupeStore contract (own clock)',
    makeStore: () => clocked,
    advance: (ms) => {
      now += ms;
    },
  },
);

runDedupeStoreContract(
  { describe, it },
  {
    name: 'MemoryDedupeStore contract (real clock)',
    makeStore: () => new MemoryDedupeStore(),
    shortTtlMs: 20,
  },
);

/** A store that breaks one rule, to show the suite catches it. */
class NoTokenCheck extends MemoryDedupeStore {
  override release(key: string): boolean {
    return super.release(key, 'a') || super.release(key, 'b');
  }
}

describe('the contract fails a store that breaks it', () => {
  it('reports a release with another token that succeeded', async () => {
    const cases: Array<[string, () => Promise<void>]> = [];
    runDedupeStoreContract(
      { describe: (_name, body) => body(), it: (name, body) => cases.push([name, body]) },
      { makeStore: (): DedupeStore => new NoTokenCheck() },
    );
    const tokenCase = cases.find(([name]) => name.startsWith('another token'));
    await expect(tokenCase?.[1]()).rejects.toThrow(/release with another token: expected false, got true/);
  });
});
