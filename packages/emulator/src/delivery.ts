import { safeUrl } from './delivery-answer.js';
import { sendOnce, type SendDeps } from './delivery-send.js';
import type { AttemptResult, Deliverer, DelivererDeps } from './delivery-types.js';
import { toEnvelope } from './events.js';
import type { AttemptPlan } from './fault-registry.js';
import { ulid } from './ids.js';
import type { ResolvedEndpoint } from './resolve-options.js';
import { type AttemptRecord, type DeliveryRecord, type EventRecord, own } from './store.js';

/** Creates the deliverer. Attempts of one delivery never overlap; different deliveries run in parallel. */
export function createDeliverer(deps: DelivererDeps): Deliverer {
  const { options, store, faults } = deps;
  const { now, log, retrySchedule, deliveryTimeoutMs } = options;
  const random = deps.random ?? Math.random;
  const timers = new Map<string, NodeJS.Timeout>();
  const chains = new Map<string, Promise<unknown>>();
  /** Deliveries held back by a `reorder` fault, per endpoint URL, until a later one was answered. */
  const held = new Map<string, Map<() => void, number>>();
  /** The order deliveries were created in this run: "later" for `reorder`. */
  const order = new Map<string, number>();
  const closing = new AbortController();
  const sendDeps: SendDeps = {
    now,
    post: deps.fetch ?? ((input, init) => fetch(input, init)),
    webhookSecret: deps.webhookSecret,
    previousWebhookSecret: deps.previousWebhookSecret,
    closing: closing.signal,
  };
  let closed = false;

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (ms <= 0 || closing.signal.aborted) return resolve();
      const done = () => {
        clearTimeout(t);
        closing.signal.removeEventListener('abort', done);
        resolve();
      };
      const t = setTimeout(done, ms);
      closing.signal.addEventListener('abort', done);
    });
  }

  function holdForLater(d: DeliveryRecord): Promise<void> {
    const url = d.endpoint_url;
    return new Promise((resolve) => {
      const waiting = held.get(url) ?? new Map<() => void, number>();
      held.set(url, waiting);
      const release = () => {
        clearTimeout(t);
        waiting.delete(release);
        closing.signal.removeEventListener('abort', release);
        resolve();
      };
      // Bounded: with no later delivery, the held one goes out after one receiver deadline.
      const t = setTimeout(release, deliveryTimeoutMs);
      closing.signal.addEventListener('abort', release);
      waiting.set(release, order.get(d.delivery_id) ?? 0);
    });
  }

  /** Lets go of the deliveries to `d`'s endpoint that were created before `d` and held for a later one. */
  function releaseEarlier(d: DeliveryRecord): void {
    const mine = order.get(d.delivery_id) ?? 0;
    for (const [release, seq] of [...(held.get(d.endpoint_url) ?? [])]) if (seq < mine) release();
  }

  async function tryOnce(
    d: DeliveryRecord,
    endpoint: ResolvedEndpoint | undefined,
    plan: AttemptPlan | undefined,
  ): Promise<AttemptResult> {
    if (!endpoint) {
      return { status: null, excerpt: '', error: 'endpoint is no longer configured', injected: false };
    }
    const failure = endpoint.failure;
    const used = own(store.state.injectedFailures, endpoint.url) ?? 0;
    if (!failure || used >= failure.times) return sendOnce(d, endpoint, deliveryTimeoutMs, plan, sendDeps);
    store.state.injectedFailures[endpoint.url] = used + 1;
    store.changed();
    await sleep(Math.min(failure.delayMs, deliveryTimeoutMs));
    if (closing.signal.aborted) throw new Error('closed');
    if (failure.delayMs >= deliveryTimeoutMs) {
      return {
        status: null,
        excerpt: '',
        error: `no answer within ${deliveryTimeoutMs} ms (injected delay)`,
        injected: true,
      };
    }
    if (failure.status === undefined)
      return sendOnce(d, endpoint, deliveryTimeoutMs - failure.delayMs, plan, sendDeps);
    return {
      status: failure.status,
      excerpt: '(answer injected by the emulator)',
      error: null,
      injected: true,
    };
  }

  function schedule(d: DeliveryRecord): void {
    clearTimeout(timers.get(d.delivery_id));
    if (closed || d.status !== 'pending' || d.next_attempt_at === null) return;
    const timer = setTimeout(
      () => {
        timers.delete(d.delivery_id);
        serialized(d, () => attempt(d, false)).catch(() => {});
      },
      Math.max(0, d.next_attempt_at - now()),
    );
    timer.unref();
    timers.set(d.delivery_id, timer);
  }

  function serialized<T>(d: DeliveryRecord, run: () => Promise<T>): Promise<T> {
    const previous = chains.get(d.delivery_id) ?? Promise.resolve();
    const next = previous.then(run, run);
    chains.set(d.delivery_id, next);
    // Caught here as well as by the caller: a failed attempt must never become an unhandled rejection
    // (which would end the process hosting the emulator).
    next
      .catch((error: unknown) => log(`!!! ${d.delivery_id}: ${(error as Error)?.message ?? String(error)}`))
      .finally(() => {
        if (chains.get(d.delivery_id) === next) chains.delete(d.delivery_id);
      });
    return next;
  }

  /** Sends one copy; the caller records it (with its number) once the whole try is over. */
  async function sendCopy(
    d: DeliveryRecord,
    endpoint: ResolvedEndpoint | undefined,
    plan: AttemptPlan | undefined,
    manual: boolean,
    copy: 1 | 2,
  ): Promise<AttemptRecord> {
    const url = safeUrl(d.endpoint_url);
    const labels = plan?.labels ?? [];
    log(
      `--> ${d.event_type} ${d.delivery_id} ${url}${manual ? ' (resend)' : ''}${labels.length ? ` [${labels.join(' ')}]` : ''}`,
    );
    const startedMs = now();
    const started = performance.now();
    const result = await tryOnce(d, endpoint, plan);
    const latency = Math.round(performance.now() - started);
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    log(
      `<-- ${result.status ?? `ERR ${result.error}`} ${url} ${latency}ms${result.injected ? ' (injected)' : ''}`,
    );
    return {
      attempt: 0,
      started_at: new Date(startedMs).toISOString(),
      status: result.status,
      ok,
      latency_ms: latency,
      response_excerpt: result.excerpt,
      error: result.error,
      injected: result.injected,
      manual,
      receiver_code: result.receiverCode ?? null,
      faults: labels,
      ...(copy === 2 ? { copy } : {}),
      ...(result.responseHeaders ? { response_headers: result.responseHeaders } : {}),
      ...(result.signatureHeader ? { signature_header: result.signatureHeader } : {}),
    };
  }

  async function attempt(d: DeliveryRecord, manual: boolean): Promise<void> {
    if (closed || (!manual && d.status !== 'pending')) return;
    const endpoint = deps.endpoints().find((e) => e.url === d.endpoint_url);
    const plan = faults.planFor(d);
    const before = d.attempts.length;
    const records: AttemptRecord[] = [];
    try {
      if (plan?.reorder) await holdForLater(d);
      if (plan?.delayMs) await sleep(plan.delayMs);
      if (closing.signal.aborted) return;
      if (plan?.duplicate === 'concurrent') {
        records.push(
          ...(await Promise.all([1, 2].map((n) => sendCopy(d, endpoint, plan, manual, n as 1 | 2)))),
        );
      } else {
        records.push(await sendCopy(d, endpoint, plan, manual, 1));
        if (plan?.duplicate === 'sequential') records.push(await sendCopy(d, endpoint, plan, manual, 2));
      }
    } catch (error) {
      // Closing mid-attempt: leave the delivery pending so a restart with the same dataFile retries it.
      if (closing.signal.aborted) return;
      throw error;
    }
    // Recorded together once the try is over, so readers of the log never see half a duplicate.
    for (const record of records) d.attempts.push({ ...record, attempt: d.attempts.length + 1 });
    const ok = records.some((r) => r.ok);
    releaseEarlier(d);
    if (ok) {
      d.status = 'succeeded';
      d.next_attempt_at = null;
      clearTimeout(timers.get(d.delivery_id));
    } else if (!manual) {
      const retryIndex = d.attempts.filter((a) => !a.manual && !a.copy).length - 1;
      const delay = retrySchedule[retryIndex];
      if (delay !== undefined && d.acknowledged_at === null) {
        d.next_attempt_at = now() + Math.round(delay * (0.8 + random() * 0.4));
        schedule(d);
      } else {
        d.status = 'failed';
        d.next_attempt_at = null;
        deps.onFailed(d);
      }
    }
    store.changed();
    // Told once the try is settled, so a listener sees the status and the next due time already set.
    for (const record of d.attempts.slice(before)) deps.onAttempt(d, record);
  }

  function enqueue(event: EventRecord, endpoints: readonly ResolvedEndpoint[]): DeliveryRecord[] {
    return endpoints.map((endpoint) => {
      const deliveryId = `whd_${ulid(now())}`;
      const d: DeliveryRecord = {
        delivery_id: deliveryId,
        event_id: event.event_id,
        event_type: event.event_type,
        case_id: event.case_id,
        endpoint_url: endpoint.url,
        body: JSON.stringify(toEnvelope(event, deliveryId, options.thinBodies)),
        status: 'pending',
        attempts: [],
        next_attempt_at: now(),
        created_at: new Date(now()).toISOString(),
        acknowledged_at: null,
        acknowledgement_id: null,
      };
      store.state.deliveries[deliveryId] = d;
      order.set(deliveryId, order.size + 1);
      store.changed();
      schedule(d);
      return d;
    });
  }

  async function resend(deliveryId: string): Promise<DeliveryRecord | undefined> {
    const d = own(store.state.deliveries, deliveryId);
    if (!d) return undefined;
    await serialized(d, () => attempt(d, true));
    return d;
  }

  function cancel(deliveryId: string): DeliveryRecord | undefined {
    const d = own(store.state.deliveries, deliveryId);
    if (d?.status !== 'pending') return d;
    clearTimeout(timers.get(d.delivery_id));
    timers.delete(d.delivery_id);
    d.status = 'failed';
    d.next_attempt_at = null;
    store.changed();
    return d;
  }

  function resume(): void {
    for (const d of Object.values(store.state.deliveries)) {
      if (!order.has(d.delivery_id)) order.set(d.delivery_id, order.size + 1);
      schedule(d);
    }
  }

  async function close(): Promise<void> {
    closed = true;
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    closing.abort();
    await Promise.allSettled([...chains.values()]);
  }

  return { enqueue, resend, cancel, resume, reschedule: resume, close };
}
