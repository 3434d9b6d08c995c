import { type KlarefiEventHandler, KlarefiUnavailableError } from '@klarefi/sdk';
import { type OptionChecker, optionChecker, withTimeout } from '@klarefi/sdk/adapter';
import type { JobsOptions, Queue } from 'bullmq';
import { jobIdFor } from './job-id.js';

/** Options of {@link enqueueEvents}. */
export interface EnqueueEventsOptions {
  /**
   * How many times the worker tries a job before it lands in the failed set (the dead-letter list).
   * @default 5
   */
  attempts?: number;
  /**
   * The wait between attempts, as BullMQ takes it.
   * @default { type: "exponential", delay: 1000 }
   */
  backoff?: JobsOptions['backoff'];
  /**
   * How long a completed job is kept, in seconds. While it is kept, a redelivery with the same
   * `delivery_id`, on any instance, finds it and is not enqueued again. Match it to the
   * service's retry horizon.
   * @default 86400
   */
  dedupeWindowSeconds?: number;
  /**
   * More BullMQ job options for every job (`priority`, `removeOnFail`, …). `jobId` is always
   * the delivery's dedupe key and cannot be set here.
   * @default {}
   */
  jobOptions?: Omit<JobsOptions, 'jobId'>;
  /**
   * How long to wait for Redis to accept the job before answering `503 queue_unavailable`.
   * Keep it well under the service's 30 s answer window.
   * @default 5000
   */
  timeoutMs?: number;
  /**
   * The `retry-after` of that 503, in seconds.
   * @default 10
   */
  retryAfterSeconds?: number;
}

const check: OptionChecker = optionChecker('enqueueEvents');

const whole = (value: unknown, option: string, fallback: number, min = 1): number =>
  check.integer(option, value, { fallback, min });

/**
 * An `onEvent` handler for any Klarefi adapter that hands each verified event to a BullMQ
 * queue: job id = the delivery's dedupe key (its `delivery_id`), job name = the semantic event
 * name (`"case.completed"`), job data = the event. The route answers 200 only once Redis has
 * accepted the job; when it does not within `timeoutMs`, the answer is `503 queue_unavailable`
 * and the service retries. A duplicate delivery finds the job already there and adds nothing.
 * Process the jobs with `createKlarefiWorker`.
 * @throws {KlarefiConfigError} when `queue` is not a BullMQ `Queue` or an option is out of range.
 * @example
 * const queue = new Queue(KLAREFI_QUEUE, { connection });
 * app.use(klarefiRouter({ webhookSecret, startClaim: false, onEvent: enqueueEvents(queue) }));
 */
export function enqueueEvents(queue: Queue, options: EnqueueEventsOptions = {}): KlarefiEventHandler {
  if (typeof (queue as { add?: unknown })?.add !== 'function') {
    check.invalid('queue', queue, 'a BullMQ Queue', 'Pass new Queue(KLAREFI_QUEUE, { connection }).');
  }
  if (typeof options !== 'object' || options === null) {
    check.invalid('options', options, 'an object');
  }
  if (options.jobOptions && 'jobId' in options.jobOptions) {
    check.fail("jobOptions.jobId cannot be set; every job's id is its delivery's dedupe key.");
  }
  const timeoutMs = whole(options.timeoutMs, 'timeoutMs', 5000);
  const retryAfterSeconds = whole(options.retryAfterSeconds, 'retryAfterSeconds', 10, 0);
  const jobOptions: JobsOptions = {
    removeOnComplete: { age: whole(options.dedupeWindowSeconds, 'dedupeWindowSeconds', 86_400) },
    ...options.jobOptions,
    attempts: whole(options.attempts, 'attempts', 5),
    backoff: options.backoff ?? { type: 'exponential', delay: 1000 },
  };
  return async function enqueueKlarefiEvent(event, context) {
    try {
      await withTimeout(
        queue.add(context.name, event, { ...jobOptions, jobId: jobIdFor(context.dedupeKey) }),
        timeoutMs,
        `Redis did not accept the job within ${timeoutMs} ms.`,
      );
    } catch (cause) {
      throw new KlarefiUnavailableError(`The event could not be queued on "${queue.name}".`, {
        retryAfterSeconds,
        cause,
      });
    }
  };
}
