import { once } from 'node:events';
import { createServer } from 'node:net';
import {
  generateTestHeader,
  KlarefiClient,
  KlarefiConfigError,
  type KlarefiEventContext,
} from '@klarefi/sdk';
import { defineCaseType, KlarefiClaimError } from '@klarefi/sdk/claims';
import { redisAvailable, startRedis, type TestServer } from '@klarefi/test-servers';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKlarefiWorker, dedupeKeyFor, enqueueEvents, jobIdFor, type KlarefiJob } from '../src/index.js';
import { SECRET, signed, startWeb } from './helpers.js';

describe('job ids', () => {
  it('keeps delivery ids, escapes what BullMQ refuses, and maps back without collisions', () => {
    expect(jobIdFor('whd_01JD5Z6W1T4N8Y0Q3V7K2M9B6D')).toBe('whd_01JD5Z6W1T4N8Y0Q3V7K2M9B6D');
    const keys = ['sig:1750000000:ab:cd', '25', '%', '%25', '%3A', ':', '-5', '%%25', '007', 'whd_x'];
    const ids = keys.map(jobIdFor);
    expect(new Set(ids).size).toBe(keys.length);
    for (const [i, id] of ids.entries()) {
      expect(id).not.toContain(':');
      expect(`${Number.parseInt(id, 10)}`).not.toBe(id);
      expect(dedupeKeyFor(id)).toBe(keys[i]);
    }
  });
});

describe.skipIf(!redisAvailable())('enqueueEvents and createKlarefiWorker on a real Redis', () => {
  let redis: TestServer;
  const connections: Redis[] = [];
  const closers: (() => Promise<unknown>)[] = [];
  const connect = () => {
    const c = new Redis(redis.url, { maxRetriesPerRequest: null });
    connections.push(c);
    return c;
  };
  let n = 0;
  const newQueue = () => {
    const queue = new Queue(`klarefi-test-${++n}`, { connection: connect() });
    closers.push(() => queue.close());
    return queue;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    for (const c of connections) c.disconnect();
    await redis?.stop();
  });

  it('answers 200 once the job is in Redis: id = delivery_id, name = the event, data = the event', async () => {
    const queue = newQueue();
    const web = await startWeb(queue);
    closers.push(web.close);
    const delivery = signed('whd_enqueue_1');
    expect((await web.deliver(delivery)).status).toBe(200);
    const job = await queue.getJob('whd_enqueue_1');
    expect(job?.name).toBe('case.completed');
    expect(job?.data).toEqual(JSON.parse(delivery.body));
    expect(job?.opts).toMatchObject({
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 86_400 },
    });
  });

  it('enqueues a delivery sent to two instances at once, and its redelivery, once', async () => {
    const queue = newQueue();
    const [a, b] = await Promise.all([
      startWeb(queue),
      startWeb(new Queue(queue.name, { connection: connect() })),
    ]);
    closers.push(a.close, b.close);
    const delivery = signed('whd_twice');
    const answers = await Promise.all([
      a.deliver(delivery),
      b.deliver(delivery),
      a.deliver(signed('whd_other')),
    ]);
    expect(answers.map((x) => x.status)).toEqual([200, 200, 200]);
    expect((await b.deliver(delivery)).status).toBe(200);
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 2 });
  });

  it('answers 503 queue_unavailable with retry-after when Redis is unreachable, and nothing is lost', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const down = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: null, lazyConnect: true });
    down.on('error', () => {});
    const deadQueue = new Queue('klarefi-down', { connection: down });
    deadQueue.on('error', () => {});
    const dead = await startWeb(deadQueue, { timeoutMs: 200 });
    const delivery = signed('whd_while_down');
    const refused = await dead.deliver(delivery);
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body).error.code).toBe('queue_unavailable');
    expect(refused.retryAfter).toBe('10');
    expect(refused.body).not.toContain(String(port));
    await dead.close();
    down.disconnect();
    // The service retries the same delivery; with Redis back, it is accepted.
    const queue = newQueue();
    const web = await startWeb(queue);
    closers.push(web.close);
    expect((await web.deliver(delivery)).status).toBe(200);
    expect(await queue.getJob('whd_while_down')).toBeDefined();
  });

  it('runs jobs through the typed on map and onEvent, with the client and the job as context', async () => {
    const queue = newQueue();
    const web = await startWeb(queue);
    closers.push(web.close);
    const client = new KlarefiClient({ apiKey: 'sk_test_bullmq_worker_01' });
    const seen: { via: string; caseId: string; context: KlarefiEventContext<KlarefiJob> }[] = [];
    const worker = createKlarefiWorker({
      connection: connect(),
      queueName: queue.name,
      client,
      on: {
        'case.completed': (event, context) =>
          void seen.push({ via: 'on', caseId: String(event.case_id), context }),
      },
      onEvent: (event, context) => void seen.push({ via: 'onEvent', caseId: String(event.case_id), context }),
    });
    closers.push(() => worker.close());
    const completed = once(worker, 'completed');
    expect((await web.deliver(signed('whd_worker_1'))).status).toBe(200);
    await completed;
    expect(seen.map((s) => [s.via, s.caseId])).toEqual([
      ['on', 'case_whd_worker_1'],
      ['onEvent', 'case_whd_worker_1'],
    ]);
    const { context } = seen[0]!;
    expect(context).toMatchObject({
      name: 'case.completed',
      deliveryId: 'whd_worker_1',
      dedupeKey: 'whd_worker_1',
      client,
    });
    expect(context.request.id).toBe('whd_worker_1');
  });

  it('context.claim() in a worker checks values against caseTypes, as in a receiver', async () => {
    const queue = newQueue();
    const web = await startWeb(queue);
    closers.push(web.close);
    const bike = defineCaseType({
      id: 'bike_claim',
      name: { en: 'Bike', nl: 'Fiets' },
      questions: [{ id: 'frame_number', kind: 'text', label: { en: 'Frame', nl: 'Frame' }, required: true }],
    });
    const errors: unknown[] = [];
    const values: unknown[] = [];
    const worker = createKlarefiWorker({
      connection: connect(),
      queueName: queue.name,
      caseTypes: [bike],
      on: {
        'case.completed': async (_event, { claim }) => {
          try {
            values.push((await claim()).values);
          } catch (error) {
            errors.push(error);
          }
        },
      },
    });
    closers.push(() => worker.close());
    const feature = (value: string) => ({
      decision: { decision: 'keep' },
      candidates: [{ value_raw: value, value_normalized: value }],
    });
    let completed = once(worker, 'completed');
    const good = { case_type_id: 'bike_claim', features: { frame_number: feature('WBK123') } };
    expect((await web.deliver(signed('whd_claim_ok', good))).status).toBe(200);
    await completed;
    completed = once(worker, 'completed');
    const missing = { case_type_id: 'bike_claim', features: {} };
    expect((await web.deliver(signed('whd_claim_missing', missing))).status).toBe(200);
    await completed;
    expect(values).toEqual([{ frame_number: 'WBK123' }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(KlarefiClaimError);
    expect(String((errors[0] as Error).message)).toContain('frame_number');
  });

  it('retries a failing job with its attempts and leaves it in the failed set (the dead-letter list)', async () => {
    const queue = newQueue();
    const web = await startWeb(queue, { attempts: 2, backoff: { type: 'fixed', delay: 10 } });
    closers.push(web.close);
    let runs = 0;
    const worker = createKlarefiWorker({
      connection: connect(),
      queueName: queue.name,
      onEvent: () => {
        runs++;
        throw new Error('downstream refused');
      },
    });
    closers.push(() => worker.close());
    const exhausted = new Promise<KlarefiJob>((resolve) =>
      worker.on('failed', (job) => job && job.attemptsMade >= 2 && resolve(job)),
    );
    await web.deliver(signed('whd_dead_letter'));
    const job = await exhausted;
    expect(runs).toBe(2);
    expect(await queue.getJobState(String(job.id))).toBe('failed');
    expect(job.failedReason).toBe('downstream refused');
  });

  it('carries the legacy body, whose dedupe key has colons, under an id BullMQ accepts', async () => {
    const queue = newQueue();
    const web = await startWeb(queue);
    closers.push(web.close);
    const body = JSON.stringify({ event: 'case.completed', case_id: 'case_legacy', data: {} });
    const header = generateTestHeader({ payload: body, secret: SECRET });
    expect((await web.deliver({ body, header })).status).toBe(200);
    const [job] = await queue.getJobs(['waiting']);
    expect(job?.id).not.toContain(':');
    expect(dedupeKeyFor(String(job?.id))).toMatch(/^sig:\d+:[0-9a-f]{64}$/);
    expect(job?.name).toBe('case.completed');
  });
});

describe('options are checked at start-up', () => {
  it('refuses what is not a queue, a job id of its own and out-of-range numbers', () => {
    expect(() => enqueueEvents({} as never)).toThrow(/queue must be a BullMQ Queue/);
    const queue = { add: async () => ({}), name: 'q' } as never;
    expect(() => enqueueEvents(queue, { jobOptions: { jobId: 'x' } as never })).toThrow(
      /jobId cannot be set/,
    );
    expect(() => enqueueEvents(queue, { attempts: 0 })).toThrow(KlarefiConfigError);
    expect(() => enqueueEvents(queue, { timeoutMs: 1.5 })).toThrow(/timeoutMs must be a whole number/);
  });

  it('refuses a worker without a connection or with a handler that is not a function', () => {
    expect(() => createKlarefiWorker({} as never)).toThrow(/needs \{ connection \}/);
    const connection = { host: '127.0.0.1' };
    expect(() => createKlarefiWorker({ connection, on: { 'case.completed': 'x' as never } })).toThrow(
      /on\["case.completed"\] must be a function/,
    );
    expect(() => createKlarefiWorker({ connection, queueName: 'a:b' })).toThrow(/without ":"/);
  });
});
