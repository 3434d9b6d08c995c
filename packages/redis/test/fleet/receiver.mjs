// One receiver instance of the fleet test: Express + @klarefi/express on a shared Redis store.
// Plain JavaScript on the built packages, so a restart after SIGKILL takes a fraction of a second.
import { appendFileSync } from 'node:fs';
import { klarefiRouter } from '@klarefi/express';
import { RedisDedupeStore } from '@klarefi/redis';
import express from 'express';

const url = process.env.REDIS_URL;
async function connect(kind) {
  if (kind === 'ioredis') return new (await import('ioredis')).Redis(url);
  const client = (await import(kind)).createClient({ url });
  await client.connect();
  return client;
}

const dedupe = new RedisDedupeStore({ client: await connect(process.env.REDIS_CLIENT) });
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
