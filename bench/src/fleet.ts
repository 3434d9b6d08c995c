import { randomBytes } from 'node:crypto';
import { SECRET } from './payloads.js';
import type { DirectResult } from './direct.js';
import { type ChildServers, startChild } from './processes.js';

/**
 * The servers of parts 2 and 3 in three processes: the emulator; every adapter; every
 * hand-written baseline. An adapter never shares a process (heap, JIT feedback) with its
 * baseline; servers idle while another is measured cost nothing.
 */
export interface Fleet {
  emulator: { url: string; apiKey: string };
  /** Base URLs (`http://127.0.0.1:<port>`) by scenario id, e.g. `hono:adapter`. */
  servers: Map<string, string>;
  /** CPU time so far of the process that serves a scenario id, in microseconds. */
  cpuMicros(id: string): Promise<number>;
  /** Calls `createSession` directly, concurrently, for `duration` seconds, from the adapters' process. */
  direct(connections: number, duration: number): Promise<DirectResult>;
  close(): Promise<void>;
}

/** Starts the emulator (rate limit lifted, no webhook endpoints), then the adapters (against it) and the baselines. */
export async function startFleet(frameworks: string[]): Promise<Fleet> {
  const children: ChildServers[] = [];
  const closeAll = () => Promise.all(children.map((c) => c.close())).then(() => undefined);
  try {
    const emulatorChild = await startChild(['emulator'], {
      apiKey: `sk_test_bench_${randomBytes(8).toString('hex')}`,
      webhookSecret: SECRET,
      rateLimitPerMinute: 1_000_000_000,
      retrySchedule: [],
    });
    children.push(emulatorChild);
    const emulator = emulatorChild.info.emulator as Fleet['emulator'];
    const options = { secret: SECRET, api: { apiKey: emulator.apiKey, baseUrl: emulator.url } };
    const [adapters, baselines] = await Promise.all(
      (['adapter', 'baseline'] as const).map(async (kind) => {
        const child = await startChild(
          frameworks.map((f) => `${f}:${kind}`),
          options,
        );
        children.push(child);
        return child;
      }),
    );
    const servers = new Map<string, string>();
    const owner = new Map<string, ChildServers>();
    for (const child of [adapters, baselines] as ChildServers[]) {
      for (const [id, info] of Object.entries(child.info)) {
        servers.set(id, `http://127.0.0.1:${(info as { port: number }).port}`);
        owner.set(id, child);
      }
    }
    return {
      emulator,
      servers,
      cpuMicros: (id) => (owner.get(id) as ChildServers).cpuMicros(),
      direct: (connections, duration) =>
        (adapters as ChildServers).direct({ ...emulator, baseUrl: emulator.url, connections, duration }),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
