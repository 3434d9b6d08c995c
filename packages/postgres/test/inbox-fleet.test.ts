import { fileURLToPath } from 'node:url';
import { generateTestHeader } from '@klarefi/sdk';
import { postgresAvailable, testServerUrl } from '@klarefi/test-servers';
import { runFleet } from '@klarefi/test-servers/fleet';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SECRET = 'whsec_fleet_inbox';
const receiver = fileURLToPath(new URL('./fleet/inbox-receiver.mjs', import.meta.url));

describe.skipIf(!postgresAvailable())(
  'two instances on one postgresInbox, one SIGKILLed with transactions open',
  () => {
    let admin: pg.Pool;
    beforeAll(async () => {
      admin = new pg.Pool({ connectionString: testServerUrl('postgres'), max: 2 });
      await admin.query(
        'CREATE TABLE IF NOT EXISTS fleet_claims (delivery_id text NOT NULL, case_id text NOT NULL)',
      );
    });
    afterAll(() => admin?.end());

    it('every delivery ends 200 and the claims table holds exactly one row per delivery', async () => {
      let openAtKill = -1;
      const pools: Array<{ total: number; idle: number; waiting: number }> = [];
      const report = await runFleet({
        receiver,
        env: {
          DATABASE_URL: testServerUrl('postgres'),
          INBOX_TABLE: 'fleet_inbox',
          CLAIMS_TABLE: 'fleet_claims',
          WEBHOOK_SECRET: SECRET,
        },
        sign: (payload) => generateTestHeader({ payload, secret: SECRET }),
        // Kill only once the instance is inside open transactions: sampled right before the SIGKILL.
        beforeKill: async (pid) => {
          for (let tries = 0; tries < 1000 && openAtKill < 1; tries++) {
            const { rows } = await admin.query(
              'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND xact_start IS NOT NULL',
              [`klarefi-fleet-${pid}`],
            );
            openAtKill = rows[0].n;
          }
        },
        afterRun: async (urls) => {
          for (const url of urls) pools.push(await (await fetch(`${url}/pool`)).json());
        },
      });
      const { rows } = await admin.query(
        "SELECT count(*)::int AS rows, count(DISTINCT delivery_id)::int AS deliveries, max(n)::int AS most FROM (SELECT delivery_id, count(*) AS n FROM fleet_claims WHERE delivery_id LIKE 'whd_fleet_%' GROUP BY delivery_id) AS per",
      );
      const effects = await admin.query(
        "SELECT count(*)::int AS n FROM fleet_claims WHERE delivery_id LIKE 'whd_fleet_%'",
      );
      console.log(
        'fleet inbox:',
        JSON.stringify({
          ...report,
          inFlightAtKill: report.inFlightAtKill.length,
          ranTwice: report.ranTwice.length,
          unexplained: report.unexplained.length,
          openTransactionsAtKill: openAtKill,
          claimRows: effects.rows[0].n,
          pools,
        }),
      );
      expect(report.deliveries).toBe(1000);
      expect(report.sentToBoth).toBe(200);
      expect(report.answers['500']).toBeGreaterThan(0);
      expect(openAtKill).toBeGreaterThan(0);
      expect(rows[0]).toEqual({ rows: 1000, deliveries: 1000, most: 1 });
      expect(effects.rows[0].n).toBe(1000);
      for (const pool of pools) expect(pool.total - pool.idle + pool.waiting).toBe(0);
    }, 240_000);
  },
);
