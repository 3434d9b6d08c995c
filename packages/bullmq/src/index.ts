/**
 * @module
 * `@klarefi/bullmq`: acknowledge Klarefi webhooks once the event is durable in a BullMQ queue,
 * and process it in a worker with BullMQ's retries and dead-letter (failed) set.
 */
export { type EnqueueEventsOptions, enqueueEvents } from './enqueue.js';
export { dedupeKeyFor, jobIdFor } from './job-id.js';
export { createKlarefiWorker, KLAREFI_QUEUE, type KlarefiJob, type KlarefiWorkerOptions } from './worker.js';
