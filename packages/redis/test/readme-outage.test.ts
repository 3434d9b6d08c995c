import { fileURLToPath } from 'node:url';
import { generateTestHeader } from '@klarefi/sdk';
import { redisAvailable, startRedis, type TestServer } from '@klarefi/test-servers';
import { type ChildApp, deliver, readmeBlocks, runExpressBlock } from '@klarefi/test-servers/app';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const SECRET = 'whsec_readme_redis';
const sign = (payload: string) => generateTestHeader({ payload, secret: SECRET });
const dir = fileURLToPath(new URL('..', import.meta.url));
const blocks = readmeBlocks(fileURLToPath(new URL('../README.md', import.meta.url)), 'klarefiRouter(');
const setups = [
  { name: 'ioredis', code: blocks.find((code) => code.includes("from 'ioredis'")) },
  { name: 'node-redis 5', code: blocks.find((code) => code.includes("from 'redis'")) },
  // The same block on node-redis 4, installed here under another name.
  {
    name: 'node-redis 4',
    code: blocks.find((code) => code.includes("from 'redis'"))?.replace("from 'redis'", "from 'redis4'"),
  },
];

it('the README shows a complete app for ioredis and for node-redis', () => {
  expect(setups.every((setup) => setup.code)).toBe(true);
});

// The README's own set-up, run as its user would, with the Redis it names killed and restarted:
// the process must stay up, answer 503 while Redis is away, and 200 once it is back.
for (const setup of setups) {
  describe.skipIf(!redisAvailable() || !setup.code)(
    `the README's ${setup.name} app while Redis restarts`,
    () => {
      let redis: TestServer;
      let app: ChildApp;
      beforeAll(async () => {
        redis = await startRedis();
        app = await runExpressBlock({
          code: setup.code as string,
          dir,
          env: { REDIS_URL: redis.url, KLAREFI_WEBHOOK_SECRET: SECRET },
        });
      });
      afterAll(async () => {
        await app?.stop();
        await redis?.stop();
      });

      it('stays alive, answers 503 while Redis is down, and 200 after the restart', async () => {
        expect(await deliver(app, sign, 'whd_readme_before')).toBe(200);
        await redis.kill();
        const whileDown: Array<number | 'conn'> = [];
        for (let i = 0; i < 5; i++) {
          whileDown.push(await deliver(app, sign, `whd_readme_down_${i}`));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(app.alive()).toBe(true);
        expect(whileDown).toEqual([503, 503, 503, 503, 503]);
        await redis.restart();
        await vi.waitFor(async () => expect(await deliver(app, sign, 'whd_readme_down_0')).toBe(200), {
          timeout: 30_000,
          interval: 200,
        });
        expect(await deliver(app, sign, 'whd_readme_after')).toBe(200);
        expect(app.alive()).toBe(true);
        expect(app.stderr()).not.toContain('Unhandled');
        // The store's own listener said it once, as the app has none.
        expect(app.stderr().split('KLAREFI_REDIS_CLIENT_ERROR').length - 1).toBeGreaterThanOrEqual(1);
      }, 60_000);
    },
  );
}
