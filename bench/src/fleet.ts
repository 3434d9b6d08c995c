import { randomBytes } from 'node:crypto';
import type { DirectResult } from './direct.js';
import { SECRET } from './payloads.js';
import { type ChildServers, startChild } from './processes.js';
import { FRAMEWORKS, KINDS } from './servers/index.js';

/**
 * The servers of parts 2 and 3, each in its own process: the emulator, every adapter, every
 * hand-written baseline, every peer route, and one process that only calls `createSession`. One server per
 * process, as in an app: shared code (the SDK core, a framework) never sees another framework's
 * argument shapes, which would make its JIT feedback polymorphic and slow every server in it.
 */
export interface Fleet {
  emulator: { url: string; apiKey: string };
  /** Base URLs (`http://127.0.0.1:<port>`) by scenario id, e.g. `hono:adapter`. */
  servers: Map<string, string>;
  /** CPU time so far of the process that serves a scenario id, in microseconds. */
  cpuMicros(id: string): Promise<number>;
  /** Calls `createSession` directly, concurrently, for `duration` seconds, from a process of its own. */
  direct(connections: number, duration: number): Promise<DirectResult>;
  close(): Promise<void>;
}

/** Starts the emulator (rate limit lifted, no webhook endpoints), then the adapters (against it), the baselines, the peer routes and the direct caller. */
export async function startFleet(frameworks: string[]): Promise<Fleet> {
  const children: ChildServers[] = [];
  const closeAll = () => Promise.all(children.map((c) => c.close())).then(() => undefined);
  try {
    for (const framework of FRAMEWORKS) if (frameworks.includes(framework.name)) await framework.prepare?.();
    const emulatorChild = await startChild(['emulator'], {
      apiKey: `sk_test_bench_${randomBytes(8).toString('hex')}`,
      webhookSecret: SECRET,
      rateLimitPerMinute: 1_000_000_000,
      retrySchedule: [],
    });
    children.push(emulatorChild);
    const emulator = emulatorChild.info.emulator as Fleet['emulator'];
    const options = { secret: SECRET, api: { apiKey: emulator.apiKey, baseUrl: emulator.url } };
    const owner = new Map<string, ChildServers>();
    // Three at a time: starting overlaps file reads with compiling, but on two cores more only
    // makes each start slower.
    const queue: string[][] = [[], ...frameworks.flatMap((f) => KINDS.map((kind) => [`${f}:${kind}`]))];
    async function worker(): Promise<void> {
      for (let ids = queue.shift(); ids !== undefined; ids = queue.shift()) {
        const child = await startChild(ids, options);
        children.push(child);
        owner.set(ids[0] ?? 'direct', child);
      }
    }
    await Promise.all([worker(), worker(), worker()]);
    const servers = new Map<string, string>();
    for (const [id, child] of owner) {
      const info = child.info[id] as { port: number } | undefined;
      if (info) servers.set(id, `http://127.0.0.1:${info.port}`);
    }
    return {
      emulator,
      servers,
      cpuMicros: (id) => (owner.get(id) as ChildServers).cpuMicros(),
      direct: (connections, duration) =>
        (owner.get('direct') as ChildServers).direct({
          ...emulator,
          baseUrl: emulator.url,
          connections,
          duration,
        }),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
