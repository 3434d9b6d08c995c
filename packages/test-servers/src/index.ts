export { postgresAvailable, startPostgres } from './postgres.js';
export type { TestServer } from './process.js';
export { redisAvailable, startRedis } from './redis.js';

/**
 * The URL of the run's server started by `@klarefi/test-servers/global-setup`. Call it inside
 * a test or hook of a suite skipped with `redisAvailable()` / `postgresAvailable()`.
 */
export function testServerUrl(kind: 'redis' | 'postgres'): string {
  const url = process.env[kind === 'redis' ? 'KLAREFI_TEST_REDIS_URL' : 'KLAREFI_TEST_POSTGRES_URL'];
  if (!url) {
    throw new Error(
      `No ${kind} test server: add '@klarefi/test-servers/global-setup' to test.globalSetup in vitest.config.ts.`,
    );
  }
  return url;
}
