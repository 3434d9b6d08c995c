import type { FaultRegistry } from './fault-registry.js';
import type { ResolvedEndpoint, ResolvedOptions } from './resolve-options.js';
import type { AttemptRecord, DeliveryRecord, EventRecord, Store } from './store.js';

/** Sends events to endpoints, with retries, and keeps every attempt. */
export interface Deliverer {
  /** Creates one delivery per endpoint and starts the first attempts. */
  enqueue(event: EventRecord, endpoints: readonly ResolvedEndpoint[]): DeliveryRecord[];
  /** One attempt now with the same `delivery_id` and body and a fresh signature. */
  resend(deliveryId: string): Promise<DeliveryRecord | undefined>;
  /** Schedules the pending deliveries found in the state (after a restart). */
  resume(): void;
  /** Stops a pending delivery's retries: it ends `failed`, without a `v1.webhook.delivery_failed` event. */
  cancel(deliveryId: string): DeliveryRecord | undefined;
  /** Re-arms every pending delivery's timer from the clock (after it moved). */
  reschedule(): void;
  /** Cancels timers and aborts attempts in flight; pending deliveries stay pending. */
  close(): Promise<void>;
}

export interface DelivererDeps {
  options: ResolvedOptions;
  store: Store;
  endpoints: () => readonly ResolvedEndpoint[];
  webhookSecret: () => string;
  /** The secret `signWith: 'previous-secret'` signs with when the endpoint has no `previousSecret`. */
  previousWebhookSecret: () => string;
  faults: FaultRegistry;
  /** Called after each attempt is recorded. */
  onAttempt: (delivery: DeliveryRecord, attempt: AttemptRecord) => void;
  /** Called once when a delivery has used its last attempt without a 2xx. */
  onFailed: (delivery: DeliveryRecord) => void;
  /**
   * Sends one attempt; tests pass one that answers in-process.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /**
   * The retry jitter's random source, in [0, 1).
   * @default Math.random
   */
  random?: () => number;
}

/** What one attempt came to, before it is recorded. */
export interface AttemptResult {
  status: number | null;
  excerpt: string;
  error: string | null;
  injected: boolean;
  receiverCode?: string | null;
  responseHeaders?: Record<string, string>;
  signatureHeader?: string;
}
