import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary, freePort, requireOrSkip, startServer, type TestServer } from './process.js';

const FIX = 'Install it with `apt-get install -y redis-server` (.ci/run does this in CI).';

/** True when `redis-server` is installed; throws under `CI=true` when it is not, else warns loudly. */
export function redisAvailable(): boolean {
  return requireOrSkip('Redis', 'redis-server', FIX);
}

/** Starts Debian's `redis-server` on 127.0.0.1 and a free port, with no persistence, in a temp dir. */
export async function startRedis(): Promise<TestServer> {
  const binary = findBinary('redis-server');
  if (!binary) throw new Error(`redis-server not found. ${FIX}`);
  const dir = mkdtempSync(join(tmpdir(), 'klarefi-redis-'));
  const port = await freePort();
  return startServer({
    command: binary,
    args: [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--daemonize',
      'no',
      '--protected-mode',
      'no',
    ],
    dir,
    ready: /Ready to accept connections/,
    url: `redis://127.0.0.1:${port}`,
    port,
  });
}
