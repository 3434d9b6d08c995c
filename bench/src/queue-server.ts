/**
 * A child process of the queue part: Express with `klarefiRouter` whose `onEvent` is a no-op
 * (`noop`) or `enqueueEvents` on a BullMQ queue (`enqueue`). argv: `<options JSON>`; reports
 * `{ port }` over IPC, answers `{ cpu: true }` with its CPU time, exits when the parent disconnects.
 */
import { createServer } from 'node:http';
import { enqueueEvents } from '@klarefi/bullmq';
import { klarefiRouter } from '@klarefi/express';
import { Queue } from 'bullmq';
import express from 'express';
import { Redis } from 'ioredis';
import { listen } from './servers/common.js';

const { mode, secret, redisUrl, queueName } = JSON.parse(process.argv[2] ?? '{}') as {
  mode: 'noop' | 'enqueue';
  secret: string;
  redisUrl: string;
  queueName: string;
};
const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
// The parent stops Redis once this process has gone; a reconnect attempt in between is no news.
connection.on('error', () => {});
const queue = new Queue(queueName, { connection });
const onEvent = mode === 'enqueue' ? enqueueEvents(queue) : function ignore() {};
const app = express();
app.use(klarefiRouter({ webhookSecret: secret, startClaim: false, onEvent }));
const server = await listen(createServer(app));
process.send?.({ port: server.port });
process.on('message', (message: { cpu?: boolean }) => {
  if (message.cpu) process.send?.({ cpu: process.cpuUsage() });
});
process.on('disconnect', async () => {
  await server.close();
  await queue.close();
  connection.disconnect();
  process.exit(0);
});
