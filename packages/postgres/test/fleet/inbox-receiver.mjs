// One receiver instance of the inbox fleet test: Express + @klarefi/express + postgresInbox on a
// shared PostgreSQL. Each handler writes its claim row inside the inbox's transaction, then holds
// the transaction open a while.
import { appendFileSync } from 'node:fs';
import { klarefiRouter } from '@klarefi/express';
import { postgresInbox } from '@klarefi/postgres';
import express from 'express';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 10,
  application_name: `klarefi-fleet-${process.pid}`,
});
const claims = process.env.CLAIMS_TABLE;
const app = express();
app.get('/pool', (_req, res) => {
  res.json({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
});
app.use(
  klarefiRouter({
    webhookSecret: process.env.WEBHOOK_SECRET,
    startClaim: false,
    webhook: { inbox: postgresInbox({ pool, table: process.env.INBOX_TABLE }) },
    onEvent: async (event, { request, tx }) => {
      await tx.query(`INSERT INTO ${claims} (delivery_id, case_id) VALUES ($1, $2)`, [
        event.delivery_id,
        event.case_id,
      ]);
      if (request.headers['x-test-fail'] === '1') throw new Error('the first attempt fails after its write');
      // One delivery in 25 holds its transaction 1.5 s, so the SIGKILL finds some open.
      const slow = Number(String(event.delivery_id).split('_').pop()) % 25 === 7;
      await new Promise((resolve) => setTimeout(resolve, slow ? 1_500 : 10 + Number(event.work_ms)));
      appendFileSync(process.env.RUNS_FILE, `${event.delivery_id}\n`);
    },
  }),
);
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.once('SIGTERM', () => process.exit(0));
