import { createKlarefiWorker } from '@klarefi/bullmq';
import { ClaimStore, type ExampleConfig } from '@klarefi/example-kit';
import type { Redis } from 'ioredis';

/** The worker side: the slow part, with BullMQ's retries. Use your database instead of the store. */
export function startWorker(config: ExampleConfig, connection: Redis, store = new ClaimStore()) {
  const worker = createKlarefiWorker({
    connection,
    apiKey: config.apiKey,
    baseUrl: config.baseUrl,
    concurrency: 4,
    on: {
      'case.completed': async (event, { claim }) => {
        // A real handler downloads the case package here (context.client.getCasePackage) and
        // stores it; it may take longer than Klarefi's 30 s answer window.
        await store.record(event, claim);
      },
    },
    onEvent: async (event, { name, claim }) => {
      if (name !== 'case.completed') await store.record(event, claim);
    },
  });
  return { worker, store };
}
