import type { AddressInfo } from 'node:net';
import { klarefiRouter } from '@klarefi/express';
import { generateTestHeader } from '@klarefi/sdk';
import { redisAvailable, startRedis, type TestServer } from '@klarefi/test-servers';
import { runStoreFaults } from '@klarefi/test-servers/faults';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisDedupeStore } from '../src/index.js';
import { CLIENTS } from './clients.js';

const SECRET = 'whsec_faults_redis';

// ioredis (re-sends unanswered commands after a reconnect) and node-redis 5 (an offline queue).
for (const kind of [CLIENTS[0], CLIENTS[2]]) {
  describe.skipIf(!redisAvailable())(`Redis killed and restarted under load, on ${kind?.name}`, () => {
    let redis: TestServer;
    let connected: Awaited<ReturnType<NonNullable<typeof kind>['connect']>>;
    let server: ReturnType<ReturnType<typeof express>['listen']>;
    const runs = new Map<string, number>();
    beforeAll(async () => {
      redis = await startRedis();
      connected = await (kind as NonNullable<typeof kind>).connect(redis.url);
      const app = express();
      app.use(
        klarefiRouter({
          webhookSecret: SECRET,
          startClaim: false,
          webhook: { dedupe: new RedisDedupeStore({ client: connected.client, timeoutMs: 500 }) },
          onEvent: async (event) => {
            const id = String(event.delivery_id);
            runs.set(id, (runs.get(id) ?? 0) + 1);
            await new Promise((resolve) => setImmediate(resolve));
          },
        }),
      );
      await new Promise<void>((resolve) => {
        server = app.listen(0, '127.0.0.1', () => resolve());
      });
    });
    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
      await connected?.close().catch(() => {});
      await redis?.stop();
    });

    it('2,000 deliveries at concurrency 20: every one ends 200, none lost, none run twice, no 409 past 3 s after the restart', async () => {
      const report = await runStoreFaults({
        server: redis,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/klarefi`,
        sign: (payload) => generateTestHeader({ payload, secret: SECRET }),
        runs,
      });
      console.log(`faults redis/${kind?.name}:`, JSON.stringify({ ...report, lost: report.lost.length }));
      expect(report.lost).toEqual([]);
      expect(report.ranTwice).toEqual([]);
      expect(report.unexpected).toEqual([]);
      expect(report.answers['503']).toBeGreaterThan(0);
      expect(report.last409AfterRestartMs).toBeLessThan(3_000);
    }, 240_000);
  });
}
