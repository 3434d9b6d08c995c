import { guardFor, KlarefiConfigError, KlarefiError } from './base.js';
import { redactedCause } from '../shared/redact.js';

/** Options of {@link KlarefiUnavailableError}. */
export interface KlarefiUnavailableErrorOptions {
  /**
   * The `retry-after` the 503 carries, in seconds.
   * @default 10
   */
  retryAfterSeconds?: number;
  /**
   * The failure behind it. Only its `name` and `code` are kept (a queue's error can name a host
   * or hold a connection string), and it is never sent to the caller.
   */
  cause?: unknown;
}

/**
 * Throw this from an event handler when the durable hand-off it depends on (a queue, an outbox)
 * could not take the event. The delivery answers `503 queue_unavailable` with `retry-after`
 * instead of `500 handler_failed`, the dedupe claim is released, and the service retries.
 * `@klarefi/bullmq`'s `enqueueEvents` throws it when Redis does not accept the job.
 * @example
 * on: { 'case.completed': async (event) => {
 *   try { await outbox.put(event); } catch (cause) { throw new KlarefiUnavailableError('outbox down', { cause }); }
 * } }
 */
export class KlarefiUnavailableError extends KlarefiError {
  static override readonly kind: string = 'KlarefiUnavailableError';
  override name = 'KlarefiUnavailableError';
  /** The code of the 503 answer. */
  readonly code = 'queue_unavailable' as const;
  /** The `retry-after` of the 503 answer, in seconds. */
  readonly retryAfterSeconds: number;

  constructor(message: string, options: KlarefiUnavailableErrorOptions = {}) {
    super(
      message,
      options.cause === undefined ? {} : { cause: redactedCause(options.cause, 'The hand-off failed') },
    );
    const seconds = options.retryAfterSeconds ?? 10;
    if (!Number.isInteger(seconds) || seconds < 0) {
      throw new KlarefiConfigError(
        `KlarefiUnavailableError: retryAfterSeconds must be a whole number of seconds, 0 or more (default 10); got ${String(seconds)}.`,
      );
    }
    this.retryAfterSeconds = seconds;
  }
}

/** True for a {@link KlarefiUnavailableError}, even from another copy of the package. */
export const isKlarefiUnavailableError: (value: unknown) => value is KlarefiUnavailableError = guardFor(
  KlarefiUnavailableError,
  'KlarefiUnavailableError',
);
