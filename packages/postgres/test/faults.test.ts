import type { AddressInfo } from 'node:net';
import { klarefiRouter } from '@klarefi/express';
import { generateTestHeader } from '@klarefi/sdk';
import { postgresAvailable, startPostgres, type TestServer } from '@klarefi/test-servers';
import { runStoreFaults } from '@klarefi/test-servers/faults';
import express from 'express';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDedupeStore } from '../src/index.js';

const SECRET = 'whsec_faults_postgres';

describe.skipIf(!postgresAvailable())('PostgreSQL killed and restarted under load', () => {
  let postgres: TestServer;
  let pool: pg.Pool;
  let server: ReturnType<ReturnType<typeof express>['listen']>;
  const runs = new Map<string, number>();
  beforeAll(async () => {
    postgres = await startPostgres();
    pool = new pg.Pool({ connectionString: postgres.url, max: 10 });
    const app = express();
    app.use(
      klarefiRouter({
        webhookSecret: SECRET,
        startClaim: false,
        webhook: { dedupe: new PostgresDedupeStore({ pool, timeoutMs: 1_000 }) },
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
  }, 60_000);
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await pool?.end();
    await postgres?.stop();
  });

  it('2,000 deliveries at concurrency 20: every one ends 200, none lost, none run twice, no 409 past 3 s after the restart', async () => {
    const report = await runStoreFaults({
      server: postgres,
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/klarefi`,
      sign: (payload) => generateTestHeader({ payload, secret: SECRET }),
      runs,
    });
    console.log('faults postgres:', JSON.stringify({ ...report, lost: report.lost.length }));
    expect(report.lost).toEqual([]);
    expect(report.ranTwice).toEqual([]);
    expect(report.unexpected).toEqual([]);
    expect(report.answers['503']).toBeGreaterThan(0);
    expect(report.last409AfterRestartMs).toBeLessThan(3_000);
    // Every connection the pool holds is back (none leaked by the outage).
    expect(pool.totalCount - pool.idleCount).toBe(0);
  }, 240_000);
});
