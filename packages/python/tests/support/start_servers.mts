// Starts a throwaway redis-server and PostgreSQL 15 with @klarefi/test-servers (the TypeScript tests'
// own), prints their URLs as one JSON line, and stops both when standard input closes.
import { startPostgres, startRedis } from '../../../test-servers/src/index.ts';

const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
process.stdout.write(`${JSON.stringify({ redis: redis.url, postgres: postgres.url })}\n`);
const stop = async () => {
  await Promise.allSettled([redis.stop(), postgres.stop()]);
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
