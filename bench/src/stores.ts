import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startPostgres, startRedis } from '@klarefi/test-servers';
import type { LoadConfig } from './adapters.js';
import { loadFreshDeliveries } from './fresh-load.js';
import { SECRET } from './payloads.js';
import { WEBHOOK_PATH } from './servers/common.js';
import { formatMs, formatRate, formatRatio, median, pairedRatio, roundOrder, verdict } from './stats.js';
import type { Section } from './table.js';

const SERVER = fileURLToPath(new URL('./store-server.ts', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const MODES = ['memory', 'redis', 'postgres', 'inbox'] as const;
type Mode = (typeof MODES)[number];
const TARGETS: Record<Mode, number | null> = { memory: null, redis: 0.8, postgres: 0.5, inbox: 0.5 };

/** What the stores part measured, per store (and for the inbox). */
export interface StoresResult {
  rps: Record<Mode, number[]>;
  p99: Record<Mode, number[]>;
  cpuPerRequest: Record<Mode, number[]>;
  /** CPU µs of the database server's processes (Redis, PostgreSQL and its backends) per delivery. */
  dbCpuPerRequest: Record<Mode, number[]>;
  /** Store (or inbox) round trips per answered delivery. */
  roundTrips: Record<Mode, number[]>;
}

interface Child {
  port: number;
  stats(): Promise<{ cpu: number; roundTrips: number }>;
  /** Resolves once the process has exited. */
  close(): Promise<void>;
}

function startServer(options: object): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SERVER, JSON.stringify(options)], {
    cwd: BENCH_DIR,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stats = () =>
    new Promise<{ cpu: number; roundTrips: number }>((resolve) => {
      const onMessage = (m: { stats?: { cpu: NodeJS.CpuUsage; roundTrips: number } }) => {
        if (!m.stats) return;
        child.off('message', onMessage);
        resolve({ cpu: m.stats.cpu.user + m.stats.cpu.system, roundTrips: m.stats.roundTrips });
      };
      child.on('message', onMessage);
      child.send({ stats: true });
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`store bench server exited (${code}) before listening`)));
    const close = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.disconnect();
      });
    child.once('message', (m: { port: number }) => resolve({ port: m.port, stats, close }));
  });
}

/**
 * Part 6: the Express webhook route with the Redis and PostgreSQL dedupe stores and the PostgreSQL
 * transactional inbox against the in-memory store.
 */
export async function benchStores(config: LoadConfig): Promise<StoresResult> {
  const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  const servers = new Map<Mode, Child>();
  try {
    const urls: Record<Mode, string> = {
      memory: '',
      redis: redis.url,
      postgres: postgres.url,
      inbox: postgres.url,
    };
    for (const mode of MODES) servers.set(mode, await startServer({ mode, secret: SECRET, url: urls[mode] }));
    const url = (mode: Mode) => `http://127.0.0.1:${servers.get(mode)?.port}${WEBHOOK_PATH}`;
    for (const mode of MODES)
      await loadFreshDeliveries('Store', url(mode), config.connections, config.warmup);
    const empty = () => ({ memory: [], redis: [], postgres: [], inbox: [] });
    const result: StoresResult = {
      rps: empty(),
      p99: empty(),
      cpuPerRequest: empty(),
      dbCpuPerRequest: empty(),
      roundTrips: empty(),
    };
    const database = { memory: undefined, redis, postgres, inbox: postgres };
    for (let round = 0; round < config.rounds; round++) {
      for (const mode of roundOrder(MODES, round)) {
        const server = servers.get(mode) as Child;
        const before = await server.stats();
        const dbBefore = database[mode]?.cpuMs() ?? 0;
        const run = await loadFreshDeliveries('Store', url(mode), config.connections, config.duration);
        const after = await server.stats();
        result.dbCpuPerRequest[mode].push((((database[mode]?.cpuMs() ?? 0) - dbBefore) * 1000) / run.ok);
        result.rps[mode].push(run.rps);
        result.p99[mode].push(run.p99);
        result.cpuPerRequest[mode].push((after.cpu - before.cpu) / run.ok);
        result.roundTrips[mode].push((after.roundTrips - before.roundTrips) / run.ok);
      }
    }
    return result;
  } finally {
    await Promise.all([...servers.values()].map((server) => server.close()));
    await Promise.all([redis.stop(), postgres.stop()]);
  }
}

const NAMES: Record<Mode, string> = {
  memory: 'MemoryDedupeStore (default)',
  redis: 'RedisDedupeStore (ioredis)',
  postgres: 'PostgresDedupeStore (pg Pool)',
  inbox: 'postgresInbox (pg Pool, one transaction)',
};

/** The table of part 6. */
export function storesSection(r: StoresResult, config: LoadConfig): Section {
  return {
    title:
      'Shared dedupe stores and the inbox: webhook req/s with Redis and PostgreSQL (@klarefi/redis, @klarefi/postgres)',
    method:
      `autocannon (${config.connections} connections, no pipelining) against four Express servers, each in its own ` +
      'process, with `klarefiRouter` and a no-op `onEvent`, differing only in `webhook.dedupe` or `webhook.inbox`: the default ' +
      '`MemoryDedupeStore`, a `RedisDedupeStore` on ioredis (`enableAutoPipelining`) against a local `redis-server`, a `PostgresDedupeStore` ' +
      'on a pg `Pool` (max 10) against a local PostgreSQL 15 (fsync off, as in the tests), and `postgresInbox` on the same kind of ' +
      'pool (each delivery: `BEGIN`, its row, the handler, `COMMIT`, in one transaction). Every request carries a fresh ' +
      '`delivery_id`, so every delivery claims and completes (or commits). Round trips are counted by wrapping each client ' +
      `(Redis commands sent, SQL statements run) ÷ answered deliveries; the database's CPU is that of its process and every descendant (PostgreSQL's backends), read from /proc. ${config.rounds} interleaved rounds of ` +
      `${config.duration} s after ${config.warmup} s of warm-up each; median req/s, median of per-round ratios. ` +
      "The target is judged on the receiver's CPU per delivery (the memory store's ÷ this store's), as the adapter rows are: " +
      'in production the database runs on its own machine and a receiver serves as many deliveries as its own CPU allows, ' +
      'while here Redis or PostgreSQL shares the two cores with the receiver and the load generator, so the req/s ratio ' +
      "also pays for the database's CPU (shown in its own column).",
    headers: [
      'store',
      'req/s',
      'p99 ms',
      'CPU µs/req',
      'database CPU µs/req',
      'round trips / delivery',
      'req/s ÷ memory',
      'receiver CPU: memory ÷ store',
      'target',
      'result',
    ],
    rows: MODES.map((mode) => {
      const ratio = pairedRatio(r.cpuPerRequest.memory, r.cpuPerRequest[mode]);
      const target = TARGETS[mode];
      return [
        NAMES[mode],
        formatRate(median(r.rps[mode])),
        formatMs(median(r.p99[mode])),
        formatRate(median(r.cpuPerRequest[mode])),
        mode === 'memory' ? '—' : formatRate(median(r.dbCpuPerRequest[mode])),
        mode === 'memory' ? '— (in process)' : median(r.roundTrips[mode]).toFixed(2),
        formatRatio(pairedRatio(r.rps[mode], r.rps.memory)),
        formatRatio(ratio),
        target === null ? '—' : `≥ ${target.toFixed(2)}×`,
        target === null ? '—' : verdict(ratio, { atLeast: target }),
      ];
    }),
    notes: [],
  };
}
