// One receiver instance of the fleet test: Express + @klarefi/express on a shared PostgreSQL store.
// Plain JavaScript on the built packages, so a restart after SIGKILL takes a fraction of a second.
import { appendFileSync } from 'node:fs';
import { klarefiRouter } from '@klarefi/express';
import { PostgresDedupeStore } from '@klarefi/postgres';
import express from 'express';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const dedupe = new PostgresDedupeStore({ pool, table: process.env.DEDUPE_TABLE });
const app = express();
app.use(
  klarefiRouter({
    webhookSecret: process.env.WEBHOOK_SECRET,
    startClaim: false,
    webhook: { dedupe, claimTtlSeconds: 1 },
    onEvent: async (event, { request }) => {
      if (request.headers['x-test-fail'] === '1') throw new Error('the first attempt fails');
      await new Promise((resolve) => setTimeout(resolve, Number(event.work_ms)));
      appendFileSync(process.env.RUNS_FILE, `${event.delivery_id}\n`);
    },
  }),
);
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.once('SIGTERM', () => process.exit(0));
