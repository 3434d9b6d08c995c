import {
  type CaseTypeDefinition,
  KlarefiClient,
  type KlarefiEvent,
  type KlarefiEventHandler,
  type KlarefiEventHandlers,
} from '@klarefi/sdk';
import { createDispatcher, type OptionChecker, optionChecker } from '@klarefi/sdk/adapter';
import { dedupeKeyFor } from './job-id.js';
import { type ConnectionOptions, type Job, Worker, type WorkerOptions } from 'bullmq';

/** The queue `enqueueEvents` and `createKlarefiWorker` agree on unless told otherwise. */
export const KLAREFI_QUEUE = 'klarefi-events';

/** What a job carries: the verified event, as `enqueueEvents` added it. */
export type KlarefiJob = Job<KlarefiEvent, void, string>;

/** Options of {@link createKlarefiWorker}. */
export interface KlarefiWorkerOptions {
  /** The Redis connection (an ioredis instance with `maxRetriesPerRequest: null`, or its options). Required. */
  connection: ConnectionOptions;
  /**
   * The queue to process; the one the web side's `Queue` was created with.
   * @default "klarefi-events"
   */
  queueName?: string;
  /**
   * Handlers keyed by event name, typed per event, as the adapters take them. The context's
   * `request` is the BullMQ job.
   * @default {}
   */
  on?: KlarefiEventHandlers<KlarefiJob>;
  /**
   * A catch-all that runs for every event, after its `on` handler; unknown event types reach it.
   * @default none
   */
  onEvent?: KlarefiEventHandler<KlarefiEvent, KlarefiJob>;
  /**
   * The case types `context.claim()` checks values against, as in the adapters' options (the
   * same `klarefi.config` list): a value of the wrong kind or a missing required answer throws
   * a `KlarefiClaimError` and the job's attempt fails.
   * @default none (claim() reads values unchecked)
   */
  caseTypes?: readonly CaseTypeDefinition[];
  /**
   * How many jobs this worker runs at once.
   * @default 1
   */
  concurrency?: number;
  /**
   * The API client handlers get as `context.client`. Give this or `apiKey`.
   * @default none (context.client is null)
   */
  client?: KlarefiClient;
  /**
   * An API key; a client is built from it.
   * @default none
   */
  apiKey?: string;
  /**
   * The API's base URL, with `apiKey` (e.g. the URL `klarefi dev` prints).
   * @default "https://api.klarefi.com"
   */
  baseUrl?: string;
  /**
   * More BullMQ worker options (`lockDuration`, `stalledInterval`, `limiter`, …).
   * @default {}
   */
  workerOptions?: Omit<WorkerOptions, 'connection' | 'concurrency'>;
}

const check: OptionChecker = optionChecker('createKlarefiWorker');

function resolveClient(options: KlarefiWorkerOptions): KlarefiClient | null {
  if (options.client !== undefined && options.apiKey !== undefined)
    check.fail('pass either client or apiKey, not both.');
  if (options.client !== undefined) {
    if (typeof (options.client as { createSession?: unknown })?.createSession !== 'function')
      check.invalid('client', options.client, 'a KlarefiClient', 'Pass new KlarefiClient({ apiKey }).');
    return options.client;
  }
  return options.apiKey !== undefined
    ? new KlarefiClient({ apiKey: options.apiKey, baseUrl: options.baseUrl })
    : null;
}

/**
 * A BullMQ `Worker` that runs the jobs `enqueueEvents` added through the same typed `on`
 * handler map the adapters take. A handler that throws fails the attempt; BullMQ retries it
 * with the job's `attempts` and `backoff`, and its failed set is the dead-letter list. Close it
 * with `await worker.close()` on shutdown.
 * @throws {KlarefiConfigError} when `connection` is missing or a handler is not a function.
 * @example
 * const worker = createKlarefiWorker({
 *   connection: new IORedis(process.env.REDIS_URL!, { maxRetriesPerRequest: null }),
 *   on: { 'case.completed': async (event, { client }) => saveClaim(event) },
 * });
 */
export function createKlarefiWorker(options: KlarefiWorkerOptions): Worker<KlarefiEvent, void, string> {
  if (typeof options !== 'object' || options === null || !options.connection) {
    check.fail(
      'needs { connection }: an ioredis instance created with { maxRetriesPerRequest: null }, or its options.',
    );
  }
  const { queueName = KLAREFI_QUEUE } = options;
  if (typeof queueName !== 'string' || queueName === '' || queueName.includes(':')) {
    check.invalid('queueName', queueName, `a non-empty string without ":" (default "${KLAREFI_QUEUE}")`);
  }
  const concurrency = check.integer('concurrency', options.concurrency, { fallback: 1 });
  // The same dispatch as the adapters: "v1.case.completed" and "case.completed" are one event.
  const dispatch = createDispatcher<KlarefiJob>({
    on: options.on,
    onEvent: options.onEvent,
    caseTypes: options.caseTypes,
  });
  const client = resolveClient(options);

  async function processKlarefiJob(job: KlarefiJob): Promise<void> {
    const event = job.data;
    const deliveryId = (event as { delivery_id?: unknown }).delivery_id;
    await dispatch(event, {
      deliveryId: typeof deliveryId === 'string' ? deliveryId : null,
      dedupeKey: dedupeKeyFor(String(job.id)),
      client,
      request: job,
      tx: undefined,
    });
  }

  return new Worker<KlarefiEvent, void, string>(queueName, processKlarefiJob, {
    ...options.workerOptions,
    connection: options.connection,
    concurrency,
  });
}
