import { runDedupeStoreContract } from '@klarefi/sdk/testing';
import { redisAvailable, testServerUrl } from '@klarefi/test-servers';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { RedisDedupeStore } from '../src/index.js';
import { CLIENTS } from './clients.js';

for (const kind of CLIENTS) {
  describe.skipIf(!redisAvailable())(`RedisDedupeStore on ${kind.name}`, () => {
    let store: RedisDedupeStore;
    let close: () => Promise<unknown>;
    beforeAll(async () => {
      const connected = await kind.connect(testServerUrl('redis'));
      close = connected.close;
      store = new RedisDedupeStore({ client: connected.client });
    });
    afterAll(() => close?.());

    runDedupeStoreContract({ describe, it }, { name: 'the DedupeStore contract', makeStore: () => store });
  });
}
