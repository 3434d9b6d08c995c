import type { EmulatorClock } from './clock.js';
import type { EmulatorCore } from './core.js';
import type { FaultHandle } from './fault-registry.js';
import type { FaultSpec } from './faults.js';
import { type AttemptRecord, type DeliveryRecord, own } from './store.js';

/** The delivery log: every delivery with every attempt, as `/_emulator/deliveries` shows them. */
export interface EmulatorDeliveries {
  /** Every delivery so far, oldest first (copies: changing them changes nothing). */
  list(): DeliveryRecord[];
  /** One delivery by `delivery_id`, or `undefined`. */
  get(deliveryId: string): DeliveryRecord | undefined;
  /**
   * Calls `listener` after each attempt is recorded (the delivery and the attempt are copies).
   * Returns the function that stops it.
   */
  onAttempt(listener: (delivery: DeliveryRecord, attempt: AttemptRecord) => void): () => void;
  /** One attempt now: same `delivery_id` and body, fresh signature. `undefined` for an unknown id. */
  resend(deliveryId: string): Promise<DeliveryRecord | undefined>;
  /**
   * Stops a pending delivery's retries (a test cleaning up after itself): it ends `failed`, without a
   * `v1.webhook.delivery_failed` event. An attempt already in flight still completes.
   */
  cancel(deliveryId: string): DeliveryRecord | undefined;
}

/** Misbehaviour on demand; see {@link FaultSpec}. Faults live in memory, never in `dataFile`. */
export interface EmulatorFaults {
  /** Adds a fault; throws `KlarefiConfigError` saying what is wrong with it. */
  add(fault: FaultSpec): FaultHandle;
  /** Removes one fault by id; false when there was none. */
  remove(id: string): boolean;
  /** Removes every fault. */
  clear(): void;
  /** The faults still in force: their ids and what they do. */
  list(): Array<{ id: string; labels: string[] }>;
}

/** What a running emulator offers a test besides its HTTP API. */
export interface EmulatorControls {
  /** The emulator's movable clock. */
  clock: EmulatorClock;
  faults: EmulatorFaults;
  deliveries: EmulatorDeliveries;
}

/** The public controls over a core. */
export function controlsOf(core: EmulatorCore): EmulatorControls {
  const copy = <T>(value: T): T => structuredClone(value);
  const { faults, clock } = core;
  return {
    clock,
    faults: {
      add: (fault) => faults.add(fault),
      remove: (id) => faults.remove(id),
      clear: () => faults.clear(),
      list: () => faults.list(),
    },
    deliveries: {
      list: () => Object.values(core.store.state.deliveries).map(copy),
      get(deliveryId) {
        const d = own(core.store.state.deliveries, deliveryId);
        return d && copy(d);
      },
      onAttempt: (listener) => core.onAttempt((d, a) => listener(copy(d), copy(a))),
      cancel(deliveryId) {
        const d = core.deliverer.cancel(deliveryId);
        return d && copy(d);
      },
      async resend(deliveryId) {
        const d = await core.deliverer.resend(deliveryId);
        return d && copy(d);
      },
    },
  };
}
