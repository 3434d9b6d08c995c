import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createKlarefiWorker } from '@klarefi/bullmq';
import { startRedis } from '@klarefi/test-servers';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { LoadConfig } from './adapters.js';
import { freshDelivery, loadFreshDeliveries } from './fresh-load.js';
import { SECRET } from './payloads.js';
import { WEBHOOK_PATH } from './servers/common.js';
import { formatMs, formatRate, formatRatio, median, pairedRatio, roundOrder, verdict } from './stats.js';
import type { Section } from './table.js';

const SERVER = fileURLToPath(new URL('./queue-server.ts', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const MODES = ['noop', 'enqueue'] as const;
type Mode = (typeof MODES)[number];

/** What part 5 measured. */
export interface QueueResult {
  rps: Record<Mode, number[]>;
  p99: Record<Mode, number[]>;
  cpuPerRequest: Record<Mode, number[]>;
  /** Jobs per second through one worker, by its concurrency. */
  jobs: { concurrency: number; jobs: number; perSecond: number }[];
}

interface Child {
  port: number;
  cpu(): Promise<number>;
  close(): Promise<void>;
}

function startServer(options: object): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SERVER, JSON.stringify(options)], {
    cwd: BENCH_DIR,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const cpu = () =>
    new Promise<number>((resolve) => {
      const onMessage = (m: { cpu?: NodeJS.CpuUsage }) => {
        if (!m.cpu) return;
        child.off('message', onMessage);
        resolve(m.cpu.user + m.cpu.system);
      };
      child.on('message', onMessage);
      child.send({ cpu: true });
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`queue bench server exited (${code}) before listening`)));
    const close = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.disconnect();
      });
    child.once('message', (m: { port: number }) => resolve({ port: m.port, cpu, close }));
  });
}

async function jobsThroughOneWorker(redisUrl: string, concurrency: number, jobs: number) {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queueName = `bench-jobs-${concurrency}`;
  const queue = new Queue(queueName, { connection });
  const batch = Array.from({ length: jobs }, (_, i) => ({
    name: 'case.completed',
    data: JSON.parse(freshDelivery().body),
    opts: { jobId: `whd_jobs_${concurrency}_${i}`, removeOnComplete: { age: 3600 } },
  }));
  for (let i = 0; i < batch.length; i += 1000) await queue.addBulk(batch.slice(i, i + 1000));
  const started = performance.now();
  let done = 0;
  const workerConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const worker = createKlarefiWorker({
    connection: workerConnection,
    queueName,
    concurrency,
    onEvent: function ignore() {},
  });
  await new Promise<void>((resolve) => worker.on('completed', () => ++done === jobs && resolve()));
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.close();
  workerConnection.disconnect();
  connection.disconnect();
  return { concurrency, jobs, perSecond: jobs / seconds };
}

/** Part 5: the webhook route with `enqueueEvents` against a no-op handler, and one worker's throughput. */
export async function benchQueue(config: LoadConfig, jobs: number): Promise<QueueResult> {
  const redis = await startRedis();
  const servers = new Map<Mode, Child>();
  try {
    for (const mode of MODES) {
      servers.set(
        mode,
        await startServer({ mode, secret: SECRET, redisUrl: redis.url, queueName: 'bench-web' }),
      );
    }
    const url = (mode: Mode) => `http://127.0.0.1:${servers.get(mode)?.port}${WEBHOOK_PATH}`;
    for (const mode of MODES)
      await loadFreshDeliveries('Queue', url(mode), config.connections, config.warmup);
    const result: QueueResult = {
      rps: { noop: [], enqueue: [] },
      p99: { noop: [], enqueue: [] },
      cpuPerRequest: { noop: [], enqueue: [] },
      jobs: [],
    };
    for (let round = 0; round < config.rounds; round++) {
      for (const mode of roundOrder(MODES, round)) {
        const server = servers.get(mode) as Child;
        const before = await server.cpu();
        const run = await loadFreshDeliveries('Queue', url(mode), config.connections, config.duration);
        result.rps[mode].push(run.rps);
        result.p99[mode].push(run.p99);
        result.cpuPerRequest[mode].push(((await server.cpu()) - before) / run.ok);
      }
    }
    await Promise.all([...servers.values()].map((server) => server.close()));
    servers.clear();
    for (const concurrency of [1, 8])
      result.jobs.push(await jobsThroughOneWorker(redis.url, concurrency, jobs));
    return result;
  } finally {
    await Promise.all([...servers.values()].map((server) => server.close()));
    await redis.stop();
  }
}

/** The table of part 5. */
export function queueSection(r: QueueResult, config: LoadConfig, jobs: number): Section {
  const ratio = pairedRatio(r.rps.enqueue, r.rps.noop);
  return {
    title: 'Queue hand-off: enqueueEvents and one worker (@klarefi/bullmq)',
    method:
      `autocannon (${config.connections} connections, no pipelining) against two Express servers, each in its own ` +
      'process, with `klarefiRouter` and default dedupe: one whose `onEvent` is a no-op, one whose `onEvent` is ' +
      '`enqueueEvents(queue)` on a local `redis-server` (the route answers once Redis has the job). Every request carries ' +
      'a fresh `delivery_id`, signed in the load generator, so every request adds a job. ' +
      `${config.rounds} interleaved rounds of ${config.duration} s after ${config.warmup} s of warm-up each; median req/s, ` +
      `median of per-round ratios. Then ${jobs} jobs queued up front run through one \`createKlarefiWorker\` with a ` +
      'no-op handler, at concurrency 1 and 8: jobs per second from the worker’s start to its last completion.',
    headers: [
      'route / worker',
      'req/s or jobs/s',
      'p99 ms',
      'CPU µs/req',
      'ratio to no-op',
      'target',
      'result',
    ],
    rows: [
      [
        'webhook, no-op onEvent',
        formatRate(median(r.rps.noop)),
        formatMs(median(r.p99.noop)),
        formatRate(median(r.cpuPerRequest.noop)),
        '1.00×',
        '—',
        '—',
      ],
      [
        'webhook, enqueueEvents',
        formatRate(median(r.rps.enqueue)),
        formatMs(median(r.p99.enqueue)),
        formatRate(median(r.cpuPerRequest.enqueue)),
        formatRatio(ratio),
        '≥ 0.70×',
        verdict(ratio, { atLeast: 0.7 }),
      ],
      ...r.jobs.map((j) => [
        `one worker, concurrency ${j.concurrency}`,
        formatRate(j.perSecond),
        '—',
        '—',
        '—',
        '—',
        '—',
      ]),
    ],
    notes: [],
  };
}
