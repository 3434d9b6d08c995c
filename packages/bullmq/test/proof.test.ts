import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { redisAvailable, startRedis, type TestServer } from '@klarefi/test-servers';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signed, startWeb } from './helpers.js';

const DELIVERIES = 1000;
const WORKER = new URL('./fixtures/proof-worker.mjs', import.meta.url);
const QUEUE = 'klarefi-proof';

interface WorkerProcess {
  child: ChildProcess;
  done: number;
  lines: EventTarget;
}

function startWorker(url: string, id: string): Promise<WorkerProcess> {
  if (!existsSync(new URL('../dist/index.js', import.meta.url))) {
    throw new Error(
      'The proof test runs workers on the built package: run the build first (turbo run build).',
    );
  }
  const child = spawn(process.execPath, [WORKER.pathname, url, QUEUE, id, '8'], {
    cwd: new URL('..', import.meta.url).pathname,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const worker: WorkerProcess = { child, done: 0, lines: new EventTarget() };
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`worker ${id} exited (${signal ?? code}) before ready`)),
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'ready') resolve(worker);
      if (line.startsWith('done ')) worker.done++;
      worker.lines.dispatchEvent(new Event('line'));
    });
  });
}

/** Resolves the first time `check()` holds, re-checked on every line a worker prints. */
function when(workers: WorkerProcess[], check: () => boolean | Promise<boolean>): Promise<void> {
  return new Promise((resolve) => {
    const test = async () => {
      if (!(await check())) return;
      for (const w of workers) w.lines.removeEventListener('line', test);
      resolve();
    };
    for (const w of workers) w.lines.addEventListener('line', test);
    void test();
  });
}

async function pool<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

describe.skipIf(!redisAvailable())('proof: two web instances, two workers, one of them SIGKILLed', () => {
  let redis: TestServer;
  const cleanup: (() => unknown)[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
    await redis?.stop();
  });

  it(`answers ${DELIVERIES} deliveries 200 and processes each once, except jobs in flight in the killed worker`, async () => {
    const connection = (options = {}) => {
      const c = new Redis(redis.url, { maxRetriesPerRequest: null, ...options });
      cleanup.push(() => c.disconnect());
      return c;
    };
    const queues = [
      new Queue(QUEUE, { connection: connection() }),
      new Queue(QUEUE, { connection: connection() }),
    ];
    cleanup.push(...queues.map((q) => () => q.close()));
    const webs = await Promise.all(
      queues.map((q) => startWeb(q, { backoff: { type: 'exponential', delay: 50 } })),
    );
    cleanup.push(...webs.map((w) => w.close));
    const [a, b] = await Promise.all([startWorker(redis.url, 'a'), startWorker(redis.url, 'b')]);
    cleanup.push(
      () => a.child.kill('SIGKILL'),
      () => b.child.kill('SIGKILL'),
    );

    const ids = Array.from({ length: DELIVERIES }, (_, i) => `whd_proof_${String(i).padStart(5, '0')}`);
    const statuses = new Map<number, number>();
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    let killedAt = -1;
    a.lines.addEventListener('line', () => {
      if (killedAt < 0 && a.done >= DELIVERIES / 8) {
        killedAt = a.done;
        a.child.kill('SIGKILL');
      }
    });
    const started = performance.now();
    await pool(ids, 16, async (id) => {
      const i = Number(id.slice(-5));
      // ~10 % fail their first attempt in the worker.
      const payload = signed(id, i % 10 === 3 ? { fail_first: true } : {});
      // 20 % reach both instances at once, as a retried delivery may.
      const answers =
        i % 5 === 0
          ? await Promise.all(webs.map((w) => w.deliver(payload)))
          : [await webs[i % 2]!.deliver(payload)];
      for (const answer of answers) count(answer.status);
    });
    const sentMs = performance.now() - started;

    const reader = connection();
    await when([a, b], async () => (await reader.hlen('done')) === DELIVERIES);
    const processedMs = performance.now() - started;
    const done = await reader.hgetall('done');
    const inflightA = new Set(await reader.smembers('inflight:a'));
    const twice = Object.entries(done).filter(([, runs]) => runs !== '1');
    const firstFailures = Number(await reader.get('first_attempt_failures'));

    console.log(
      `proof: ${DELIVERIES} deliveries (${statuses.get(200)} answers, all 200: ${statuses.size === 1}) sent in ${Math.round(sentMs)} ms, ` +
        `all processed in ${Math.round(processedMs)} ms; worker a SIGKILLed after ${killedAt} jobs with ${inflightA.size} in flight; ` +
        `processed twice: ${twice.length}; first attempts failed and retried: ${firstFailures}`,
    );
    expect([...statuses.keys()]).toEqual([200]);
    expect(statuses.get(200)).toBe(DELIVERIES * 1.2);
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(DELIVERIES / 2);
    expect(firstFailures).toBeGreaterThanOrEqual(DELIVERIES / 10);
    expect(Object.keys(done).sort()).toEqual(ids);
    for (const [id, runs] of twice) {
      expect(runs).toBe('2');
      expect(inflightA.has(id), `${id} ran twice but was not in flight in the killed worker`).toBe(true);
    }
    expect(await queues[0]!.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed')).toEqual({
      completed: DELIVERIES,
      failed: 0,
      waiting: 0,
      active: 0,
      delayed: 0,
    });
  });
});
