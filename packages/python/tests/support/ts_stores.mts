// The TypeScript stores (@klarefi/redis, @klarefi/postgres) as a line protocol, so the Python tests can
// share one store with them: each stdin line `<redis|postgres> <claim|complete|release> <key> <token> [ttlMs]`
// gets one stdout line, the JSON of the store's answer. Argv: the Redis URL, the PostgreSQL URL.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { PostgresDedupeStore } from '../../../postgres/src/index.ts';
import { RedisDedupeStore } from '../../../redis/src/index.ts';

const fromRedis = createRequire(new URL('../../../redis/package.json', import.meta.url));
const fromPostgres = createRequire(new URL('../../../postgres/package.json', import.meta.url));
const { Redis } = fromRedis('ioredis');
const pg = fromPostgres('pg');

const [redisUrl, postgresUrl] = process.argv.slice(2);
const redis = new Redis(redisUrl);
const pool = new pg.Pool({ connectionString: postgresUrl });
const stores = {
  redis: new RedisDedupeStore({ client: redis }),
  postgres: new PostgresDedupeStore({ pool }),
};

for await (const line of createInterface({ input: process.stdin })) {
  const [kind, op, key, token, ttl] = line.split(' ');
  const store = stores[kind as keyof typeof stores];
  const result =
    op === 'claim'
      ? await store.claim(key, token, Number(ttl))
      : op === 'complete'
        ? await store.complete(key, token, Number(ttl))
        : await store.release(key, token);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
redis.disconnect();
await pool.end();
