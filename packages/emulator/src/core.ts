import { createClock, type EmulatorClock } from './clock.js';
import { createDeliverer } from './delivery.js';
import type { Deliverer } from './delivery-types.js';
import { isSubscribed } from './events.js';
import { createFaultRegistry, type FaultRegistry } from './fault-registry.js';
import { ulid } from './ids.js';
import type { EmulatorEndpoint } from './options.js';
import {
  ALL_SCOPES,
  type ResolvedEndpoint,
  type ResolvedOptions,
  resolveEndpoint,
} from './resolve-options.js';
import {
  type AttemptRecord,
  type CaseRecord,
  createStore,
  type DeliveryRecord,
  type EventRecord,
  own,
  type Store,
} from './store.js';

/** The emulator without its HTTP layer: options, state, event recording and delivery. */
export interface EmulatorCore {
  options: ResolvedOptions;
  store: Store;
  /** The main test key (all scopes). */
  apiKey: string;
  /** The default signing secret. */
  webhookSecret: string;
  /** Every accepted key and its scopes. */
  keys: Map<string, Set<string>>;
  endpoints: ResolvedEndpoint[];
  /** The public base URL once listening; until then links are built from the request's origin. */
  baseUrl: string | undefined;
  deliverer: Deliverer;
  /** The movable clock every part reads (`options.now` is its `now`). */
  clock: EmulatorClock;
  faults: FaultRegistry;
  /** Calls `listener` after every recorded attempt; returns the unsubscribe function. */
  onAttempt(listener: AttemptListener): () => void;
  /** Registers another endpoint; later events are delivered to it too. */
  addEndpoint(endpoint: EmulatorEndpoint): void;
  /** Records an event (in its case's event list when it has a case) and delivers it. */
  recordEvent(input: RecordEventInput): EventRecord;
  close(): Promise<void>;
}

/** Told about every attempt once it is recorded. */
export type AttemptListener = (delivery: DeliveryRecord, attempt: AttemptRecord) => void;

/** What an event is about, and where it should not be delivered. */
export interface RecordEventInput {
  type: string;
  data: Record<string, unknown>;
  caseRecord?: CaseRecord;
  /** Endpoints (by URL) to leave out. */
  excludeUrls?: string[];
  /** Deliver to every endpoint whatever it subscribes to (the test event). */
  allEndpoints?: boolean;
}

/** What deliveries use instead of the globals, for tests. */
export interface CoreDeps {
  fetch?: typeof fetch;
  random?: () => number;
}

/** Creates the core: reads `dataFile`, restores generated credentials and resumes pending deliveries. */
export function createCore(options: ResolvedOptions, deps: CoreDeps = {}): EmulatorCore {
  // Everything reads options.now, so the movable clock takes its place before anything starts.
  const clock = createClock(options.now, () => deliverer.reschedule());
  options.now = clock.now;
  const faults = createFaultRegistry();
  const listeners = new Set<AttemptListener>();
  const store = createStore(options.dataFile);
  const { state } = store;
  const apiKey = (options.apiKeyGenerated && state.generated.apiKey) || options.apiKey;
  const webhookSecret =
    (options.webhookSecretGenerated && state.generated.webhookSecret) || options.webhookSecret;
  if (options.apiKeyGenerated) state.generated.apiKey = apiKey;
  if (options.webhookSecretGenerated) state.generated.webhookSecret = webhookSecret;
  store.changed();
  const keys = new Map(options.keys);
  keys.set(apiKey, new Set(ALL_SCOPES));
  const endpoints = [...options.endpoints];

  function onFailed(d: DeliveryRecord): void {
    // A failed delivery_failed notice does not raise another one: that would never end.
    if (d.event_type === 'v1.webhook.delivery_failed') return;
    const last = d.attempts[d.attempts.length - 1];
    const caseRecord = d.case_id ? own(state.cases, d.case_id) : undefined;
    core.recordEvent({
      type: 'v1.webhook.delivery_failed',
      caseRecord,
      excludeUrls: [d.endpoint_url],
      data: {
        ...(caseRecord ? { case_status: caseRecord.status } : {}),
        failed_delivery_id: d.delivery_id,
        failed_event_id: d.event_id,
        failed_event_type: d.event_type,
        endpoint_url: d.endpoint_url,
        attempts: d.attempts.length,
        last_status: last?.status ?? null,
        last_error: last?.error ?? null,
      },
    });
  }

  const deliverer = createDeliverer({
    options,
    store,
    endpoints: () => endpoints,
    webhookSecret: () => webhookSecret,
    previousWebhookSecret: () => options.previousWebhookSecret,
    faults,
    onAttempt(d, attempt) {
      for (const listener of listeners) {
        try {
          listener(d, attempt);
        } catch (error) {
          options.log(`!!! an attempt listener threw: ${(error as Error)?.message ?? String(error)}`);
        }
      }
    },
    onFailed,
    ...deps,
  });

  function recordEvent(input: RecordEventInput): EventRecord {
    const nowMs = options.now();
    const at = new Date(nowMs).toISOString();
    const c = input.caseRecord;
    let cursor: number | null = null;
    if (c) {
      c.last_cursor += 1;
      cursor = c.last_cursor;
      c.updated_at = at;
    }
    const session = c?.session_id ? own(state.sessions, c.session_id) : undefined;
    const event: EventRecord = {
      event_id: `evt_${ulid(nowMs)}`,
      event_type: input.type,
      cursor,
      created_at: at,
      occurred_at: at,
      org_id: options.orgId,
      case_id: c?.case_id ?? null,
      session_id: session?.session_id ?? null,
      external_case_id: c?.external_case_id ?? null,
      external_applicant_id: c?.external_applicant_id ?? null,
      external_customer_id: c?.external_customer_id ?? null,
      idempotency_key: c?.idempotency_key ?? null,
      trace_id: c?.trace_id ?? null,
      data: input.data,
    };
    state.events.push(event);
    store.changed();
    const targets = endpoints.filter(
      (e) =>
        !input.excludeUrls?.includes(e.url) && (input.allEndpoints || isSubscribed(e.events, input.type)),
    );
    deliverer.enqueue(event, targets);
    return event;
  }

  const core: EmulatorCore = {
    options,
    store,
    apiKey,
    webhookSecret,
    keys,
    endpoints,
    baseUrl: undefined,
    deliverer,
    clock,
    faults,
    onAttempt(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    addEndpoint(endpoint) {
      endpoints.push(resolveEndpoint(endpoint, 'addEndpoint(endpoint)'));
    },
    recordEvent,
    async close() {
      await deliverer.close();
      store.flush();
    },
  };
  deliverer.resume();
  return core;
}
