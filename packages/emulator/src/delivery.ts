import { createSignatureHeader } from '@klarefi/sdk';
import { toEnvelope } from './events.js';
import { ulid } from './ids.js';
import type { AttemptResult, Deliverer, DelivererDeps } from './delivery-types.js';
import type { ResolvedEndpoint } from './resolve-options.js';
import { describeFetchError, EXCERPT_CHARS, receiverErrorCode, safeUrl } from './delivery-answer.js';
import type { AttemptRecord, DeliveryRecord, EventRecord } from './store.js';

/** Creates the deliverer. Attempts of one delivery never overlap; different deliveries run in parallel. */
export function createDeliverer(deps: DelivererDeps): Deliverer {
  const { options, store } = deps;
  const { now, log, retrySchedule, deliveryTimeoutMs } = options;
  const post = deps.fetch ?? ((input, init) => fetch(input, init));
  const random = deps.random ?? Math.random;
  const timers = new Map<string, NodeJS.Timeout>();
  const chains = new Map<string, Promise<unknown>>();
  const closing = new AbortController();
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

  async function send(
    d: DeliveryRecord,
    endpoint: ResolvedEndpoint,
    timeoutMs: number,
  ): Promise<AttemptResult> {
    const header = createSignatureHeader({
      payload: d.body,
      secrets: endpoint.secret ?? deps.webhookSecret(),
      timestamp: Math.floor(now() / 1000),
    });
    // One controller for both the receiver's deadline and close(); AbortSignal.any needs Node 20.3.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onClose = () => controller.abort();
    closing.signal.addEventListener('abort', onClose, { once: true });
    try {
      const res = await post(d.endpoint_url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Klarefi-Emulator/1 (+webhooks)',
          'x-klarefi-signature': header,
        },
        body: d.body,
        redirect: 'manual',
        signal: controller.signal,
      });
      const text = await res.text().catch(() => '');
      if (closing.signal.aborted) throw new Error('closed');
      return {
        status: res.status,
        excerpt: text.slice(0, EXCERPT_CHARS),
        error: null,
        injected: false,
        receiverCode: res.ok ? null : receiverErrorCode(text),
      };
    } catch (error) {
      if (closing.signal.aborted) throw error;
      const message = describeFetchError(error, timedOut, timeoutMs);
      return { status: null, excerpt: '', error: message, injected: false };
    } finally {
      clearTimeout(timer);
      closing.signal.removeEventListener('abort', onClose);
    }
  }

  async function tryOnce(d: DeliveryRecord, endpoint: ResolvedEndpoint | undefined): Promise<AttemptResult> {
    if (!endpoint) {
      return { status: null, excerpt: '', error: 'endpoint is no longer configured', injected: false };
    }
    const failure = endpoint.failure;
    const used = store.state.injectedFailures[endpoint.url] ?? 0;
    if (!failure || used >= failure.times) return send(d, endpoint, deliveryTimeoutMs);
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
    if (failure.status === undefined) return send(d, endpoint, deliveryTimeoutMs - failure.delayMs);
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
        void serialized(d, () => attempt(d, false));
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
    void next.finally(() => {
      if (chains.get(d.delivery_id) === next) chains.delete(d.delivery_id);
    });
    return next;
  }

  async function attempt(d: DeliveryRecord, manual: boolean): Promise<void> {
    if (closed || (!manual && d.status !== 'pending')) return;
    const endpoint = deps.endpoints().find((e) => e.url === d.endpoint_url);
    const url = safeUrl(d.endpoint_url);
    log(`--> ${d.event_type} ${d.delivery_id} ${url}${manual ? ' (resend)' : ''}`);
    const startedMs = now();
    const started = performance.now();
    let result: AttemptResult;
    try {
      result = await tryOnce(d, endpoint);
    } catch (error) {
      // Closing mid-attempt: leave the delivery pending so a restart with the same dataFile retries it.
      if (closing.signal.aborted) return;
      throw error;
    }
    const latency = Math.round(performance.now() - started);
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    log(
      `<-- ${result.status ?? `ERR ${result.error}`} ${url} ${latency}ms${result.injected ? ' (injected)' : ''}`,
    );
    const record: AttemptRecord = {
      attempt: d.attempts.length + 1,
      started_at: new Date(startedMs).toISOString(),
      status: result.status,
      ok,
      latency_ms: latency,
      response_excerpt: result.excerpt,
      error: result.error,
      injected: result.injected,
      manual,
      receiver_code: result.receiverCode ?? null,
    };
    d.attempts.push(record);
    if (ok) {
      d.status = 'succeeded';
      d.next_attempt_at = null;
      clearTimeout(timers.get(d.delivery_id));
    } else if (!manual) {
      const retryIndex = d.attempts.filter((a) => !a.manual).length - 1;
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
      store.changed();
      schedule(d);
      return d;
    });
  }

  async function resend(deliveryId: string): Promise<DeliveryRecord | undefined> {
    const d = store.state.deliveries[deliveryId];
    if (!d) return undefined;
    await serialized(d, () => attempt(d, true));
    return d;
  }

  function resume(): void {
    for (const d of Object.values(store.state.deliveries)) schedule(d);
  }

  async function close(): Promise<void> {
    closed = true;
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    closing.abort();
    await Promise.allSettled([...chains.values()]);
  }

  return { enqueue, resend, resume, close };
}
