import { type RedisDedupeStore as Store, RedisDedupeStore } from '../src/index.js';
import { redisAvailable, startRedis, type TestServer } from '@klarefi/test-servers';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLIENTS } from './clients.js';

// Each client on its own redis-server, killed and restarted: a claim that failed while Redis
// was away must not be applied when it comes back (that delivery would answer 409 for a whole
// claimTtlSeconds).
for (const kind of CLIENTS) {
  describe.skipIf(!redisAvailable())(`RedisDedupeStore on ${kind.name} across a Redis restart`, () => {
    let server: TestServer;
    let connected: Awaited<ReturnType<(typeof kind)['connect']>>;
    let store: Store;
    let n = 0;
    beforeAll(async () => {
      server = await startRedis();
      connected = await kind.connect(server.url);
      store = new RedisDedupeStore({ client: connected.client, timeoutMs: 300 });
    });
    afterEach(async () => {
      // Back to a listening server for the next case.
      const pid = await serverPid().catch(() => undefined);
      if (pid === undefined) {
        await server.kill();
        await server.restart();
      }
    });
    afterAll(async () => {
      await connected?.close().catch(() => {});
      await server?.stop();
    });

    async function serverPid(): Promise<number> {
      const raw = new Redis(server.url, {
        lazyConnect: true,
        retryStrategy: () => null,
        maxRetriesPerRequest: 0,
      });
      raw.on('error', () => {});
      try {
        await raw.connect();
        const info = await raw.info('server');
        return Number(/process_id:(\d+)/.exec(info)?.[1]);
      } finally {
        raw.disconnect();
      }
    }

    async function claimableAgain(key: string): Promise<number> {
      const started = performance.now();
      await vi.waitFor(
        async () => {
          expect(await store.claim(key, `retry${n++}`, 60_000)).toBe('claimed');
        },
        { timeout: 10_000, interval: 100 },
      );
      return performance.now() - started;
    }

    it('a claim written to a Redis that froze, then died, is not applied after the restart', async () => {
      const key = `whd_frozen_${n++}`;
      const pid = await serverPid();
      process.kill(pid, 'SIGSTOP');
      await expect(store.claim(key, 'lost', 60_000)).rejects.toThrow();
      await server.kill();
      await server.restart();
      expect(await claimableAgain(key)).toBeLessThan(5_000);
    });

    it('a claim made while the client reconnects fails at once and is not applied after the restart', async () => {
      const key = `whd_offline_${n++}`;
      await server.kill();
      await expect(store.claim(key, 'lost', 60_000)).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await expect(store.claim(key, 'lost2', 60_000)).rejects.toThrow();
      await server.restart();
      expect(await claimableAgain(key)).toBeLessThan(5_000);
    });
  });
}
