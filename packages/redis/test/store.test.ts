import { KlarefiConfigError } from '@klarefi/sdk';
import { redisAvailable, testServerUrl } from '@klarefi/test-servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisDedupeStore } from '../src/index.js';
import { CLIENTS } from './clients.js';

for (const kind of CLIENTS) {
  describe.skipIf(!redisAvailable())(`RedisDedupeStore keys and values on ${kind.name}`, () => {
    let raw: Redis;
    let connected: Awaited<ReturnType<(typeof kind)['connect']>>;
    beforeAll(async () => {
      raw = new Redis(testServerUrl('redis'));
      connected = await kind.connect(testServerUrl('redis'));
    });
    afterAll(async () => {
      await raw?.quit();
      await connected?.close();
    });

    it('writes klarefi:dedupe:<delivery_id> = processing:<token> with the claim TTL, then done with its own', async () => {
      const store = new RedisDedupeStore({ client: connected.client });
      const id = `whd_keys_${kind.name.replace(/\W/g, '')}`;
      expect(await store.claim(id, 'tok', 30_000)).toBe('claimed');
      expect(await raw.get(`klarefi:dedupe:${id}`)).toBe('processing:tok');
      const claimTtl = await raw.pttl(`klarefi:dedupe:${id}`);
      expect(claimTtl).toBeGreaterThan(25_000);
      expect(claimTtl).toBeLessThanOrEqual(30_000);
      expect(await store.complete(id, 'tok', 86_400_000)).toBe(true);
      expect(await raw.get(`klarefi:dedupe:${id}`)).toBe('done');
      expect(await raw.pttl(`klarefi:dedupe:${id}`)).toBeGreaterThan(86_000_000);
    });

    it('puts the prefix first', async () => {
      const store = new RedisDedupeStore({ client: connected.client, prefix: 'shop-a' });
      const id = `whd_prefix_${kind.name.replace(/\W/g, '')}`;
      expect(store.keyOf(id)).toBe(`shop-a:dedupe:${id}`);
      await store.claim(id, 'tok', 30_000);
      expect(await raw.exists(`shop-a:dedupe:${id}`)).toBe(1);
      expect(await raw.exists(`klarefi:dedupe:${id}`)).toBe(0);
    });

    it('loads its scripts again after SCRIPT FLUSH (EVALSHA falls back to EVAL)', async () => {
      const store = new RedisDedupeStore({ client: connected.client });
      const id = `whd_flush_${kind.name.replace(/\W/g, '')}`;
      await store.claim(id, 'tok', 30_000);
      await raw.script('FLUSH');
      expect(await store.release(id, 'tok')).toBe(true);
    });

    it('refuses a key holding a value it did not write, instead of guessing', async () => {
      const store = new RedisDedupeStore({ client: connected.client, prefix: 'foreign' });
      await raw.set('foreign:dedupe:whd_x', 'something else');
      await expect(store.claim('whd_x', 'tok', 1000)).rejects.toThrow(/did not write/);
    });
  });
}

describe.skipIf(!redisAvailable())('RedisDedupeStore when Redis cannot answer', () => {
  it('rejects after timeoutMs when the client queues commands while disconnected (ioredis)', async () => {
    const offline = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, retryStrategy: () => 50 });
    offline.on('error', () => {});
    const store = new RedisDedupeStore({ client: offline, timeoutMs: 200 });
    await expect(store.claim('whd_t', 'tok', 1000)).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    offline.disconnect();
  });

  it('rejects when the client is closed (node-redis)', async () => {
    const kind = CLIENTS[2];
    const connected = await kind!.connect(testServerUrl('redis'));
    await connected.close();
    const store = new RedisDedupeStore({ client: connected.client });
    await expect(store.claim('whd_closed', 'tok', 1000)).rejects.toThrow();
  });
});

describe('RedisDedupeStore options', () => {
  it.each([
    [undefined, /options object/],
    [{}, /options\.client must be/],
    [{ client: { get() {} } }, /options\.client must be/],
    [{ client: { call: async (): Promise<null> => null }, prefix: '' }, /prefix/],
    [{ client: { call: async (): Promise<null> => null }, timeoutMs: 0 }, /timeoutMs/],
  ])('refuses %o at construction with a KlarefiConfigError', (options, message) => {
    expect(() => new RedisDedupeStore(options as never)).toThrow(KlarefiConfigError);
    expect(() => new RedisDedupeStore(options as never)).toThrow(message);
  });

  it('accepts any client through { sendCommand(args) }', async () => {
    const seen: string[][] = [];
    const store = new RedisDedupeStore({
      client: {
        sendCommand: async (args) => {
          seen.push(args);
          return null;
        },
      },
    });
    expect(await store.claim('whd_1', 'tok', 1500)).toBe('claimed');
    expect(seen).toEqual([['SET', 'klarefi:dedupe:whd_1', 'processing:tok', 'NX', 'PX', '1500', 'GET']]);
  });
});
