import type { EmulatorAttemptRecord, EmulatorDeliveryRecord, RunningEmulator } from '@klarefi/emulator';
import { KlarefiConfigError } from '@klarefi/sdk';
import { optionChecker } from '@klarefi/sdk/adapter';
import { KlarefiTestError } from './errors.js';

// Taken at import: a test that installs fake timers afterwards must not freeze the fixture's waits.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** One HTTP request the emulator made for a delivery, and what came back. */
export interface TestAttempt {
  /** 1-based, in the order they were sent. */
  attempt: number;
  /** The answer's status; `null` when none came (refused connection, timeout, a handler that threw). */
  status: number | null;
  /** The answer's headers, lower-cased (empty without an answer). */
  headers: Record<string, string>;
  /** The first 200 characters of the answer's body. */
  body: string;
  startedAt: Date;
  durationMs: number;
  /** The faults applied to this attempt, e.g. `['duplicate:concurrent']`; empty when none. */
  faults: string[];
  /** The `X-Klarefi-Signature` it was sent with. */
  signature: string | undefined;
  /** Why there was no answer. */
  error: string | null;
  /** True for a `replay()` rather than a scheduled attempt. */
  replay: boolean;
}

/** The latest answered attempt of a delivery. */
export interface TestResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One event's delivery to the app, with every attempt. */
export interface TestDelivery {
  deliveryId: string;
  eventId: string;
  /** `v1.case.completed`, … */
  type: string;
  caseId: string | null;
  endpointUrl: string;
  /** `pending` while retries remain, then `succeeded` or `failed`. */
  status: 'pending' | 'succeeded' | 'failed';
  /** The body as sent, parsed. */
  event: Record<string, unknown>;
  attempts: TestAttempt[];
  /** The latest attempt that got an answer; `undefined` before any did. */
  response: TestResponse | undefined;
}

/** What `waitFor` matches besides the type: fields of the delivery, or a predicate. */
export type DeliveryFilter =
  | { caseId?: string; deliveryId?: string; eventId?: string; endpointUrl?: string }
  | ((delivery: TestDelivery) => boolean);

/** How long `waitFor` waits and what it waits for. */
export interface WaitForOptions {
  /**
   * How long to wait before rejecting with what did arrive.
   * @default 5000
   */
  timeoutMs?: number;
  /**
   * Wait for an attempt answered with this status (e.g. 401 after a fault) rather than any answer.
   * @default any answer
   */
  status?: number;
}

/** The deliveries this test's emulator made to the app. */
export interface TestDeliveries {
  /**
   * Resolves with the first delivery of `type` (`'case.completed'` or `'v1.case.completed'`) matching
   * `filter` as soon as one of its attempts was answered (or answered `status`). Rejects with a
   * `KlarefiTestError` (`timeout`) naming every delivery that did arrive.
   */
  waitFor(type: string, filter?: DeliveryFilter, options?: WaitForOptions): Promise<TestDelivery>;
  /** Every delivery since the start (or the last `reset()`), oldest first. */
  all(): TestDelivery[];
  /** Sends one more attempt of `deliveryId` now (same id and body, fresh signature) and returns it. */
  replay(deliveryId: string): Promise<TestDelivery>;
}

const FILTER_KEYS = new Set(['caseId', 'deliveryId', 'eventId', 'endpointUrl']);

function semantic(type: string): string {
  return type.startsWith('v1.') ? type.slice(3) : type;
}

function toAttempt(a: EmulatorAttemptRecord): TestAttempt {
  return {
    attempt: a.attempt,
    status: a.status,
    headers: a.response_headers ?? {},
    body: a.response_excerpt,
    startedAt: new Date(a.started_at),
    durationMs: a.latency_ms,
    faults: a.faults ?? [],
    signature: a.signature_header,
    error: a.error,
    replay: a.manual,
  };
}

/** The test's view of an emulator delivery. */
export function toDelivery(d: EmulatorDeliveryRecord): TestDelivery {
  const attempts = d.attempts.map(toAttempt);
  const answered = attempts.filter((a) => a.status !== null).pop();
  return {
    deliveryId: d.delivery_id,
    eventId: d.event_id,
    type: d.event_type,
    caseId: d.case_id,
    endpointUrl: d.endpoint_url,
    status: d.status,
    event: JSON.parse(d.body) as Record<string, unknown>,
    attempts,
    response: answered && {
      status: answered.status as number,
      headers: answered.headers,
      body: answered.body,
    },
  };
}

function describe(d: TestDelivery): string {
  const answers = d.attempts.map((a) => (a.status === null ? `no answer (${a.error})` : String(a.status)));
  return `${d.type} ${d.deliveryId}${d.caseId ? ` case ${d.caseId}` : ''} → ${answers.join(', ') || 'not attempted yet'}`;
}

function checkFilter(filter: DeliveryFilter | undefined): (d: TestDelivery) => boolean {
  if (filter === undefined) return () => true;
  if (typeof filter === 'function') return filter;
  if (typeof filter !== 'object' || filter === null)
    optionChecker('deliveries.waitFor(type, filter)').invalid(
      'filter',
      filter,
      'an object such as { caseId } or a function',
    );
  const unknown = Object.keys(filter).filter((k) => !FILTER_KEYS.has(k));
  if (unknown.length > 0) {
    throw new KlarefiConfigError(
      `deliveries.waitFor(type, filter, options): the filter has ${unknown.join(', ')}; it takes ${[...FILTER_KEYS].join(', ')}. Pass timeoutMs and status as the third argument: waitFor(type, {}, { timeoutMs }).`,
    );
  }
  const wanted = Object.entries(filter).filter(([, v]) => v !== undefined);
  return (d) => wanted.every(([key, value]) => d[key as keyof TestDelivery] === value);
}

/** The deliveries of `emulator`, leaving out those `forgotten` (by a `reset()`). */
export function createDeliveries(emulator: RunningEmulator, forgotten: ReadonlySet<string>): TestDeliveries {
  const all = () =>
    emulator.deliveries
      .list()
      .filter((d) => !forgotten.has(d.delivery_id))
      .map(toDelivery);
  return {
    all,
    async replay(deliveryId) {
      const d = await emulator.deliveries.resend(deliveryId);
      if (!d)
        throw new KlarefiConfigError(
          `deliveries.replay(id): no delivery ${JSON.stringify(deliveryId)}; take ids from deliveries.all().`,
        );
      return toDelivery(d);
    },
    waitFor(type, filter, options = {}) {
      if (typeof type !== 'string' || type === '')
        return Promise.reject(
          new KlarefiConfigError("deliveries.waitFor(type): type is an event type such as 'case.completed'."),
        );
      let matches: (d: TestDelivery) => boolean;
      try {
        matches = checkFilter(filter);
      } catch (error) {
        return Promise.reject(error);
      }
      const { timeoutMs = 5_000, status } = options;
      const wanted = semantic(type);
      const done = (d: TestDelivery) =>
        semantic(d.type) === wanted &&
        d.attempts.some((a) => (status === undefined ? a.status !== null : a.status === status)) &&
        matches(d);
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = all().find(done);
          if (!found) return;
          stop();
          realClearTimeout(timer);
          resolve(found);
        };
        const stop = emulator.deliveries.onAttempt(check);
        const timer = realSetTimeout(() => {
          stop();
          const arrived = all();
          const what = `'${type}'${filter && typeof filter === 'object' ? ` ${JSON.stringify(filter)}` : ''}${status === undefined ? '' : ` answered ${status}`}`;
          reject(
            new KlarefiTestError(
              'timeout',
              `deliveries.waitFor(${what}): nothing matched within ${timeoutMs} ms. ${
                arrived.length === 0
                  ? 'No delivery arrived at all: check forwardTo and that the app started a claim against this emulator.'
                  : `What arrived:\n  ${arrived.map(describe).join('\n  ')}`
              }`,
            ),
          );
        }, timeoutMs);
        check();
      });
    },
  };
}
