import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KLAREFI_QUEUE } from '@klarefi/bullmq';
import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { type ExampleConfig, exampleConfig } from '@klarefi/example-kit';
import { submitClaim } from '@klarefi/example-kit/testing';
import { redisAvailable, startRedis, type TestServer } from '@klarefi/test-servers';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebApp } from '../src/web.js';
import { startWorker } from '../src/worker.js';

// The worker's claim() reads each case from the emulator.
let emulator: RunningEmulator;
let config: ExampleConfig;

/** A logger that keeps what the route reports, so the test reads it instead of the console. */
function recordingLogger() {
  const lines: { level: string; outcome: string; code: string | null }[] = [];
  const keep =
    (level: string) =>
    (details: object): void => {
      const { outcome, code } = (details as { klarefi: { outcome: string; code: string | null } }).klarefi;
      lines.push({ level, outcome, code });
    };
  return { lines, logger: { info: keep('info'), warn: keep('warn'), error: keep('error') } };
}

async function listen(app: ReturnType<typeof createWebApp>): Promise<{ url: string; server: Server }> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe.skipIf(!redisAvailable())('examples/bullmq', () => {
  let redis: TestServer;
  const cleanup: (() => unknown)[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    emulator = await startEmulator();
    config = exampleConfig({
      KLAREFI_API_KEY: emulator.apiKey,
      KLAREFI_API_BASE_URL: emulator.url,
      KLAREFI_WEBHOOK_SECRET: emulator.webhookSecret,
    });
  });
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
    await redis?.stop();
    await emulator?.close();
  });

  it('acknowledges a verified delivery once it is queued, and the worker records the claim', async () => {
    const queue = new Queue(KLAREFI_QUEUE, { connection: new Redis(redis.url) });
    cleanup.push(() => queue.close());
    const log = recordingLogger();
    const { server, url } = await listen(createWebApp(config, queue, log.logger));
    cleanup.push(() => server.close());
    const { worker, store } = startWorker(config, new Redis(redis.url, { maxRetriesPerRequest: null }));
    cleanup.push(() => worker.close());

    // A real case: the handler's claim() reads it for its case type.
    const caseId = await submitClaim(emulator);
    const event = sampleEnvelope('v1.case.completed', { case_id: caseId, session_id: caseId });
    const completed = once(worker, 'completed');
    const answer = await fetch(`${url}/webhooks/klarefi`, {
      method: 'POST',
      ...signedDelivery(event, config.webhookSecret),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ received: true });
    const [job] = await completed;
    expect(job.id).toBe(event.delivery_id);
    expect(store.get(caseId)).toMatchObject({ status: 'case.completed', caseTypeId: 'motor_claim' });
    expect(store.get(caseId)?.values).toMatchObject({ incident_date: '2023-02-03' });

    const forged = await fetch(`${url}/webhooks/klarefi`, {
      method: 'POST',
      ...signedDelivery(event, 'whsec_not_ours'),
    });
    expect(forged.status).toBe(401);
    expect(log.lines).toEqual([
      { level: 'info', outcome: 'processed', code: null },
      { level: 'warn', outcome: 'refused', code: 'no_matching_signature' },
    ]);
  });

  it('answers 503 queue_unavailable when Redis cannot take the job, so Klarefi retries', async () => {
    const down = new Redis({
      port: 1,
      lazyConnect: true,
      maxRetriesPerRequest: null,
      enableOfflineQueue: false,
    });
    down.on('error', () => {});
    const queue = new Queue('klarefi-down', { connection: down });
    queue.on('error', () => {});
    const log = recordingLogger();
    const { server, url } = await listen(createWebApp(config, queue, log.logger));
    cleanup.push(
      () => server.close(),
      () => down.disconnect(),
    );
    const answer = await fetch(`${url}/webhooks/klarefi`, {
      method: 'POST',
      ...signedDelivery(sampleEnvelope('v1.case.completed'), config.webhookSecret),
    });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('10');
    expect((await answer.json()).error.code).toBe('queue_unavailable');
    expect(log.lines).toEqual([{ level: 'error', outcome: 'unavailable', code: 'queue_unavailable' }]);
  });
});
