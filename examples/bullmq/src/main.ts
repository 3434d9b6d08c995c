import { KLAREFI_QUEUE } from '@klarefi/bullmq';
import { exampleConfig } from '@klarefi/example-kit';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createWebApp } from './web.js';
import { startWorker } from './worker.js';

const role = process.argv[2];
const config = exampleConfig();
const redisUrl = config.redisUrl ?? 'redis://127.0.0.1:6379';

if (role === 'web') {
  const queue = new Queue(KLAREFI_QUEUE, { connection: new Redis(redisUrl) });
  const server = createWebApp(config, queue).listen(config.port, config.host, () => {
    console.log(`Klarefi web side on http://${config.host}:${config.port}, queueing on ${KLAREFI_QUEUE}`);
  });
  process.on('SIGTERM', () => server.close(() => void queue.close().then(() => process.exit(0))));
} else if (role === 'worker') {
  const { worker } = startWorker(config, new Redis(redisUrl, { maxRetriesPerRequest: null }));
  worker.on('completed', (job) => console.log(`processed ${job.name} ${job.id}`));
  worker.on('failed', (job, error) => console.log(`attempt failed for ${job?.id}: ${error.message}`));
  process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
} else {
  console.error('Usage: tsx src/main.ts web | worker');
  process.exit(2);
}
