import { hasMethods, KlarefiConfigError } from '../errors/base.js';
import type { KlarefiRefusalCode } from './answer.js';

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
  code: KlarefiRefusalCode | null;
  /** The HTTP status answered. */
  status: number;
  /** The envelope's `delivery_id`; `null` before verification and for the legacy body. */
  deliveryId: string | null;
  /** The event's semantic name (`"case.completed"`); `null` when refused before parsing. */
  eventName: string | null;
  /** From the delivery reaching the core to the decision, in milliseconds. */
  durationMs: number;
  /**
   * For `failed` and `unavailable`: what failed, the handler's own error or the store's
   * redacted one. Absent otherwise.
   */
  error?: unknown;
}

/**
 * Receives every webhook decision once, with the framework's request. It runs before the answer
 * is written; what it throws or rejects with is ignored, so reporting never changes an answer.
 */
export type WebhookOutcomeHandler<TRequest = unknown> = (
  outcome: WebhookOutcome,
  request: TRequest,
) => unknown;

/** How the core decided, before the outcome is reported. */
export interface Decision {
  code: KlarefiRefusalCode | null;
  status: number;
  /** On a 200: the delivery had been processed before. */
  duplicate?: boolean;
  /** What made the delivery fail, for the core's own diagnostics; never reported. */
  cause?: unknown;
}

/** A pino-style logger: Fastify's `request.log`, pino, or `console`. */
export interface KlarefiLogger {
  info(details: object, message: string): unknown;
  warn(details: object, message: string): unknown;
  error(details: object, message: string): unknown;
}

function kindOf(decision: Decision): WebhookOutcomeKind {
  const { code, status } = decision;
  if (code === null) return decision.duplicate ? 'duplicate' : 'processed';
  if (status === 503) return 'unavailable';
  if (code === 'delivery_in_progress') return 'in_progress';
  if (code === 'handler_failed') return 'failed';
  return 'refused';
}

function ignore(): void {}

/**
 * Builds the outcome of one decision and hands it to `onOutcome`, once. What the reporter
 * throws or rejects with is ignored: a broken reporter must not turn a processed delivery into
 * a 500 (it would run twice).
 */
export function reportOutcome<TRequest>(
  onOutcome: WebhookOutcomeHandler<TRequest> | null,
  decision: Decision,
  facts: { eventName: string | null; deliveryId: string | null },
  started: number,
  request: TRequest,
): WebhookOutcome {
  const outcome: WebhookOutcome = {
    outcome: kindOf(decision),
    code: decision.code,
    status: decision.status,
    deliveryId: facts.deliveryId,
    eventName: facts.eventName,
    durationMs: Math.round((performance.now() - started) * 1000) / 1000,
  };
  if (decision.cause !== undefined) outcome.error = decision.cause;
  if (onOutcome) {
    try {
      const pending = onOutcome(outcome, request) as { then?: unknown } | undefined;
      if (typeof pending?.then === 'function') (pending as Promise<unknown>).then(undefined, ignore);
    } catch {
      // see above
    }
  }
  return outcome;
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

/** The structured fields of an outcome's log line: `{ klarefi: outcome, err? }`, as pino expects. */
export function outcomeLogFields(outcome: WebhookOutcome): { klarefi: WebhookOutcome; err?: unknown } {
  if (outcome.error === undefined) return { klarefi: outcome };
  const { error, ...rest } = outcome;
  return { klarefi: rest, err: error };
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
    logger[LEVEL[outcome.outcome]](outcomeLogFields(outcome), describeOutcome(outcome));
  };
}

const OBSERVER = Symbol.for('klarefi.outcomeObserver');

/**
 * Marks an `onOutcome` that only observes (telemetry, metrics): an adapter's default outcome log
 * keeps running beside it, where any other `onOutcome` replaces that log.
 */
export function outcomeObserver<T>(handler: WebhookOutcomeHandler<T>): WebhookOutcomeHandler<T> {
  return Object.assign(handler, { [OBSERVER]: true });
}

/**
 * The adapter's default outcome log (Fastify's request logger, Nest's `Logger`) unless the app
 * gave its own `webhook.onOutcome`; an observer (`outcomeObserver`) runs beside the default.
 */
export function withDefaultOutcomeLog<O extends { webhook?: { onOutcome?: unknown } }>(
  options: O,
  log: WebhookOutcomeHandler<any>,
): O {
  const webhook = options.webhook;
  if (webhook !== undefined && (typeof webhook !== 'object' || webhook === null)) return options;
  const given = webhook?.onOutcome as (WebhookOutcomeHandler<any> & { [OBSERVER]?: true }) | undefined;
  if (given !== undefined && (typeof given !== 'function' || !given[OBSERVER])) return options;
  const onOutcome: WebhookOutcomeHandler<any> = given
    ? (outcome, request) => {
        log(outcome, request);
        return given(outcome, request);
      }
    : log;
  return { ...options, webhook: { ...webhook, onOutcome } };
}
