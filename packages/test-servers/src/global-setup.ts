import { postgresAvailable, startPostgres } from './postgres.js';
import type { TestServer } from './process.js';
import { redisAvailable, startRedis } from './redis.js';

/**
 * Starts the servers of `kinds` that are installed, for a whole vitest run; tests reach them with
 * `testServerUrl('redis')` / `testServerUrl('postgres')`. Returns the teardown.
 */
export async function setupServers(kinds: Array<'redis' | 'postgres'>): Promise<() => Promise<void>> {
  const [redis, postgres] = await Promise.all([
    kinds.includes('redis') && redisAvailable() ? startRedis() : undefined,
    kinds.includes('postgres') && postgresAvailable() ? startPostgres() : undefined,
  ]);
  // Environment, not provide(): workers start after this and inherit it, and reading it needs
  // no module augmentation of vitest (which breaks when two copies of vitest are installed).
  if (redis) process.env.KLAREFI_TEST_REDIS_URL = redis.url;
  if (postgres) process.env.KLAREFI_TEST_POSTGRES_URL = postgres.url;
  const servers = [redis, postgres].filter((server): server is TestServer => server !== undefined);
  return async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
}

/** Vitest `globalSetup`: one redis-server and one PostgreSQL for the whole run. */
export default function setup(): Promise<() => Promise<void>> {
  return setupServers(['redis', 'postgres']);
}
