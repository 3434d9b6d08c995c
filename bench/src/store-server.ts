/**
 * A child process of the stores part: Express with `klarefiRouter`, a no-op handler and the
 * dedupe store of `mode` (`memory`, `redis` on ioredis, `postgres` on a pg Pool) or the
 * transactional inbox (`inbox`: `postgresInbox` on a pg Pool), each client wrapped to count
 * round trips. argv: `<options JSON>`; reports `{ port }` over IPC,
 * answers `{ stats: true }` with its CPU time and round trips, exits when the parent disconnects.
 */
import { createServer } from 'node:http';
import { klarefiRouter } from '@klarefi/express';
import { PostgresDedupeStore, postgresInbox } from '@klarefi/postgres';
import { RedisDedupeStore } from '@klarefi/redis';
import { type DedupeStore, MemoryDedupeStore, type WebhookOptions } from '@klarefi/sdk';
import express from 'express';
import { Redis } from 'ioredis';
import pg from 'pg';
import { listen } from './servers/common.js';

const { mode, secret, url } = JSON.parse(process.argv[2] ?? '{}') as {
  mode: 'memory' | 'redis' | 'postgres' | 'inbox';
  secret: string;
  url: string;
};
let roundTrips = 0;
let close = async () => {};
let dedupe: DedupeStore = new MemoryDedupeStore();
let inbox: WebhookOptions<unknown, unknown>['inbox'];
if (mode === 'redis') {
  // Auto-pipelining batches the commands of concurrent deliveries into one write, as a busy app would.
  const client = new Redis(url, { enableAutoPipelining: true });
  dedupe = new RedisDedupeStore({
    client: {
      call(command: string, ...args: (string | number)[]) {
        roundTrips++;
        return client.call(command, ...args);
      },
    },
  });
  close = async () => void client.disconnect();
} else if (mode === 'postgres') {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // The bench stops PostgreSQL after this process; an idle client's error must not crash it first.
  pool.on('error', () => {});
  dedupe = new PostgresDedupeStore({
    pool: {
      query(config) {
        roundTrips++;
        return pool.query(config) as never;
      },
    },
  });
  close = () => pool.end();
} else if (mode === 'inbox') {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => {});
  // Every statement on the pool or on a checked-out client is one round trip (BEGIN, the
  // delivery's row, COMMIT); checking a pooled connection out is not.
  inbox = postgresInbox({
    pool: {
      get totalCount() {
        return pool.totalCount;
      },
      query(text: string) {
        roundTrips++;
        return pool.query(text);
      },
      async connect() {
        const client = await pool.connect();
        return {
          query(text: string | pg.QueryConfig, values?: unknown[]) {
            roundTrips++;
            return client.query(text as never, values);
          },
          release: (error?: Error | boolean) => client.release(error),
          on: (event: 'error', listener: (error: Error) => void) => client.on(event, listener),
          removeListener: (event: 'error', listener: (error: Error) => void) =>
            client.removeListener(event, listener),
        };
      },
    },
  });
  close = () => pool.end();
}
const app = express();
app.use(
  klarefiRouter({
    webhookSecret: secret,
    startClaim: false,
    webhook: inbox ? { inbox } : { dedupe },
    onEvent: function ignore() {},
  }),
);
const server = await listen(createServer(app));
process.send?.({ port: server.port });
process.on('message', (message: { stats?: boolean }) => {
  if (message.stats) process.send?.({ stats: { cpu: process.cpuUsage(), roundTrips } });
});
process.on('disconnect', async () => {
  await server.close();
  await close();
  process.exit(0);
});
