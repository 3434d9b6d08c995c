import { fileURLToPath } from 'node:url';
import { generateTestHeader } from '@klarefi/sdk';
import { postgresAvailable, testServerUrl } from '@klarefi/test-servers';
import { runFleet } from '@klarefi/test-servers/fleet';
import { describe, expect, it } from 'vitest';

const SECRET = 'whsec_fleet_postgres';
const receiver = fileURLToPath(new URL('./fleet/receiver.mjs', import.meta.url));

describe.skipIf(!postgresAvailable())(
  'two instances on one PostgresDedupeStore, one SIGKILLed mid-run',
  () => {
    it('every delivery ends 200, none lost, none twice except those in flight in the killed instance', async () => {
      const report = await runFleet({
        receiver,
        env: {
          DATABASE_URL: testServerUrl('postgres'),
          DEDUPE_TABLE: 'fleet_dedupe',
          WEBHOOK_SECRET: SECRET,
        },
        sign: (payload) => generateTestHeader({ payload, secret: SECRET }),
      });
      console.log(
        'fleet postgres:',
        JSON.stringify({ ...report, inFlightAtKill: report.inFlightAtKill.length }),
      );
      expect(report.lost).toEqual([]);
      expect(report.unexplained).toEqual([]);
      expect(report.sentToBoth).toBe(200);
      expect(report.answers['500']).toBeGreaterThan(0);
      expect(report.answers['409']).toBeGreaterThan(0);
    }, 180_000);
  },
);
