import { randomBytes } from 'node:crypto';
import { type ChildServer, startChild } from './processes.js';
import { SECRET } from './payloads.js';
import { FRAMEWORKS } from './servers/index.js';

/** Every server of parts 2 and 3, each in its own process: the emulator, then per framework its adapter and baseline. */
export interface Fleet {
  emulator: { url: string; apiKey: string };
  /** Base URLs (`http://127.0.0.1:<port>`) by scenario id, e.g. `hono:adapter`. */
  servers: Map<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the emulator (rate limit lifted, no webhook endpoints) and then every adapter and
 * baseline server. Adapters are configured against the emulator so they also serve start-claim.
 */
export async function startFleet(frameworks: string[] = FRAMEWORKS.map((f) => f.name)): Promise<Fleet> {
  const children: ChildServer<unknown>[] = [];
  const closeAll = () => Promise.all(children.map((c) => c.close())).then(() => undefined);
  try {
    const emulatorChild = await startChild<{ url: string; apiKey: string }>('emulator', {
      apiKey: `sk_test_bench_${randomBytes(8).toString('hex')}`,
      webhookSecret: SECRET,
      rateLimitPerMinute: 1_000_000_000,
      retrySchedule: [],
    });
    children.push(emulatorChild);
    const emulator = emulatorChild.info;
    const ids = frameworks.flatMap((name) => [`${name}:adapter`, `${name}:baseline`]);
    // Two at a time: on two cores, starting all at once only makes each start slower.
    const started: Array<readonly [string, string]> = [];
    const queue = [...ids];
    async function worker(): Promise<void> {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const child = await startChild<{ port: number }>(id, {
          secret: SECRET,
          api: { apiKey: emulator.apiKey, baseUrl: emulator.url },
        });
        children.push(child);
        started.push([id, `http://127.0.0.1:${child.info.port}`]);
      }
    }
    await Promise.all([worker(), worker()]);
    return { emulator, servers: new Map(started), close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
