import { fileURLToPath } from 'node:url';
import { generateTestHeader } from '@klarefi/sdk';
import { redisAvailable, testServerUrl } from '@klarefi/test-servers';
import { runFleet } from '@klarefi/test-servers/fleet';
import { describe, expect, it } from 'vitest';

const SECRET = 'whsec_fleet_redis';
const receiver = fileURLToPath(new URL('./fleet/receiver.mjs', import.meta.url));

describe.skipIf(!redisAvailable())('two instances on one RedisDedupeStore, one SIGKILLed mid-run', () => {
  // node-redis 4 runs the store contract; the fleet runs one client of each family.
  it.each(['ioredis', 'redis5'])(
    'with %s: every delivery ends 200, none lost, none twice except those in flight in the killed instance',
    async (client) => {
      const report = await runFleet({
        receiver,
        env: { REDIS_URL: testServerUrl('redis'), REDIS_CLIENT: client, WEBHOOK_SECRET: SECRET },
        sign: (payload) => generateTestHeader({ payload, secret: SECRET }),
      });
      console.log(
        `fleet redis/${client}:`,
        JSON.stringify({ ...report, inFlightAtKill: report.inFlightAtKill.length }),
      );
      expect(report.lost).toEqual([]);
      expect(report.unexplained).toEqual([]);
      expect(report.sentToBoth).toBe(200);
      expect(report.answers['500']).toBeGreaterThan(0);
      expect(report.answers['409']).toBeGreaterThan(0);
    },
    180_000,
  );
});
