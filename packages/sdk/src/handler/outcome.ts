import { hasMethods, KlarefiConfigError } from '../errors/base.js';
import { isKlarefiHttpError, KlarefiHttpError, type KlarefiHttpErrorCode } from '../errors/http.js';
import { isKlarefiUnavailableError } from '../errors/unavailable.js';
import type { HandlerResponse, WebhookInput } from './core.js';

/**
 * What became of a delivery: `processed` (handlers ran, 200), `duplicate` (already processed,
 * 200), `in_progress` (another request holds it, 409), `refused` (it failed a check: 4xx, or
 * 500 `raw_body_unavailable`), `failed` (a handler threw, 500), `unavailable` (a store or queue
 * it depends on is down, 503).
 */
export type WebhookOutcomeKind =
  | 'processed'
  | 'duplicate'
  | 'in_progress'
  | 'refused'
  | 'failed'
  | 'unavailable';

/** One webhook decision, as data. It never holds a secret, an API key, a header or the body. */
export interface WebhookOutcome {
  outcome: WebhookOutcomeKind;
  /** The answer's error code (`no_matching_signature`, `handler_failed`, …); `null` on a 200. */
  code: KlarefiHttpErrorCode | null;
  /** The HTTP status answered. */
  status: number;
  /** The envelope's `delivery_id`; `null` before verification and for the legacy body. */
  deliveryId: string | null;
  /** The event's semantic name (`"case.completed"`); `null` when refused before parsing. */
  eventName: string | null;
  /** From the delivery reaching the core to the decision, in milliseconds. */
  durationMs: number;
}

/**
 * Receives every webhook decision once, with the framework's request. It runs before the answer
 * is written; what it throws or rejects with is ignored, so reporting never changes an answer.
 */
export type WebhookOutcomeHandler<TRequest = unknown> = (
  outcome: WebhookOutcome,
  request: TRequest,
) => unknown;

/** What the webhook handler learns on the way to its decision. */
export interface WebhookFacts {
  eventName: string | null;
  deliveryId: string | null;
}

/** A pino-style logger: Fastify's `request.log`, pino, or `console`. */
export interface KlarefiLogger {
  info(details: object, message: string): unknown;
  warn(details: object, message: string): unknown;
  error(details: object, message: string): unknown;
}

const QUEUE_UNAVAILABLE =
  'The delivery was not processed: the handler could not hand it off (its queue is unavailable). Retry later.';

/** The answer to a throw: a handler's `KlarefiUnavailableError` becomes `503 queue_unavailable`. */
function answerFor(error: unknown): unknown {
  if (!isKlarefiHttpError(error) || error.code !== 'handler_failed') return error;
  const cause = error.cause;
  if (!isKlarefiUnavailableError(cause)) return error;
  return new KlarefiHttpError(503, 'queue_unavailable', QUEUE_UNAVAILABLE, {
    headers: { 'retry-after': String(cause.retryAfterSeconds) },
    cause,
  });
}

function classify(error: unknown): Pick<WebhookOutcome, 'outcome' | 'code' | 'status'> {
  if (!isKlarefiHttpError(error)) return { outcome: 'failed', code: null, status: 500 };
  const { status, code } = error;
  if (status === 503) return { outcome: 'unavailable', code, status };
  if (code === 'delivery_in_progress') return { outcome: 'in_progress', code, status };
  if (code === 'handler_failed') return { outcome: 'failed', code, status };
  return { outcome: 'refused', code, status };
}

function report<T>(onOutcome: WebhookOutcomeHandler<T>, outcome: WebhookOutcome, request: T): void {
  try {
    const pending = onOutcome(outcome, request) as { then?: unknown } | undefined;
    if (typeof pending?.then === 'function') (pending as Promise<unknown>).then(undefined, ignore);
  } catch {
    // A broken reporter must not turn a processed delivery into a 500 (it would run twice).
  }
}

function ignore(): void {}

/**
 * Wraps the webhook decision: translates a handler's hand-off failure into its 503, and reports
 * the outcome once, whether the decision returned or threw.
 */
export function withOutcomes<TRequest>(
  onOutcome: WebhookOutcomeHandler<TRequest> | null,
  isDuplicate: (result: HandlerResponse) => boolean,
  decide: (input: WebhookInput<TRequest>, facts: WebhookFacts) => Promise<HandlerResponse>,
): (input: WebhookInput<TRequest>) => Promise<HandlerResponse> {
  return async function handleWebhook(input) {
    const started = performance.now();
    const facts: WebhookFacts = { eventName: null, deliveryId: null };
    const finish = (decision: Pick<WebhookOutcome, 'outcome' | 'code' | 'status'>) => {
      if (!onOutcome) return;
      const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
      const { outcome, code, status } = decision;
      const { eventName, deliveryId } = facts;
      report(onOutcome, { outcome, code, status, deliveryId, eventName, durationMs }, input.request);
    };
    let result: HandlerResponse;
    try {
      result = await decide(input, facts);
    } catch (error) {
      const answer = answerFor(error);
      finish(classify(answer));
      throw answer;
    }
    finish({ outcome: isDuplicate(result) ? 'duplicate' : 'processed', code: null, status: result.status });
    return result;
  };
}

const LEVEL = {
  processed: 'info',
  duplicate: 'info',
  in_progress: 'info',
  refused: 'warn',
  failed: 'error',
  unavailable: 'error',
} as const;

/**
 * The one-line text of an outcome, e.g. `Klarefi webhook case.completed whd_01J… processed (200, 1.2 ms)`
 * or `Klarefi webhook refused: no_matching_signature (401, 0.3 ms)`.
 */
export function describeOutcome(outcome: WebhookOutcome): string {
  const name = outcome.eventName ? ` ${outcome.eventName}` : '';
  const code = outcome.code ? `: ${outcome.code}` : '';
  const delivery = outcome.deliveryId ? ` ${outcome.deliveryId}` : '';
  return `Klarefi webhook${name}${delivery} ${outcome.outcome}${code} (${outcome.status}, ${outcome.durationMs} ms)`;
}

/** The log level of an outcome: warn for refusals, error for failures, info otherwise. */
export function outcomeLevel(outcome: WebhookOutcome): 'info' | 'warn' | 'error' {
  return LEVEL[outcome.outcome];
}

/**
 * An `onOutcome` that writes each decision to a pino-style logger as `{ klarefi: outcome }`
 * plus a one-line message: info for processed, duplicate and in-progress deliveries, warn for
 * refusals, error for handler failures and unavailable stores or queues.
 * @example
 * klarefiRouter({ ..., webhook: { onOutcome: logWebhookOutcomes(pino()) } });
 */
export function logWebhookOutcomes(logger: KlarefiLogger): WebhookOutcomeHandler {
  if (!hasMethods(logger, ['info', 'warn', 'error'])) {
    throw new KlarefiConfigError(
      'logWebhookOutcomes(logger) needs a logger with info, warn and error methods (pino, console).',
    );
  }
  return function logWebhookOutcome(outcome) {
    logger[LEVEL[outcome.outcome]]({ klarefi: outcome }, describeOutcome(outcome));
  };
}
