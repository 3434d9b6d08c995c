import { type FaultSpec, type FaultTarget, type ResolvedFault, resolveFault } from './faults.js';
import type { DeliveryRecord } from './store.js';

/** What one attempt does differently, from every fault bound to its delivery. */
export interface AttemptPlan {
  labels: string[];
  duplicate: FaultSpec['duplicate'];
  reorder: boolean;
  delayMs: number;
  skewSeconds: number;
  body: FaultSpec['body'];
  signWith: FaultSpec['signWith'];
}

/** A fault that was added; `remove()` stops it for every delivery, including those it is bound to. */
export interface FaultHandle {
  readonly id: string;
  remove(): void;
}

/** The faults in force, and which deliveries each one is bound to. */
export interface FaultRegistry {
  add(spec: FaultSpec): FaultHandle;
  /** Removes one fault by id; false when there was none. */
  remove(id: string): boolean;
  /** Removes every fault. */
  clear(): void;
  /** The faults still in force, with what they do. */
  list(): Array<{ id: string; labels: string[] }>;
  /** Binds unbound deliveries to matching faults, then says what this try of `d` does (none: undefined). */
  planFor(d: DeliveryRecord): AttemptPlan | undefined;
}

function targetOf(d: DeliveryRecord): FaultTarget {
  let event: Record<string, unknown> = {};
  try {
    event = JSON.parse(d.body) as Record<string, unknown>;
  } catch {
    // The emulator writes every body itself; an unreadable one matches on type only.
  }
  return {
    deliveryId: d.delivery_id,
    type: d.event_type,
    caseId: d.case_id,
    endpointUrl: d.endpoint_url,
    event,
  };
}

/** Creates an empty registry. Faults live in memory only: they are a test's, not the data file's. */
export function createFaultRegistry(): FaultRegistry {
  const active = new Map<string, ResolvedFault>();
  const bindings = new Map<string, { faults: ResolvedFault[]; tries: number }>();
  let counter = 0;

  function remove(id: string): boolean {
    const existed = active.delete(id);
    for (const b of bindings.values()) {
      const kept = b.faults.filter((f) => f.id !== id);
      if (kept.length !== b.faults.length) b.faults = kept;
    }
    return existed;
  }

  function bind(d: DeliveryRecord): { faults: ResolvedFault[]; tries: number } {
    let b = bindings.get(d.delivery_id);
    if (b) return b;
    b = { faults: [], tries: 0 };
    const target = targetOf(d);
    for (const fault of active.values()) {
      if (fault.remaining <= 0) continue;
      let hit = false;
      try {
        hit = fault.matches(target);
      } catch {
        // A predicate that throws matches nothing rather than stopping the delivery.
      }
      if (!hit) continue;
      fault.remaining -= 1;
      b.faults.push(fault);
    }
    bindings.set(d.delivery_id, b);
    return b;
  }

  return {
    add(spec) {
      counter += 1;
      const id = `flt_${counter}`;
      active.set(id, resolveFault(spec, id));
      return { id, remove: () => void remove(id) };
    },
    remove,
    clear() {
      for (const id of [...active.keys()]) remove(id);
    },
    list: () =>
      [...active.values()].filter((f) => f.remaining > 0).map((f) => ({ id: f.id, labels: [...f.labels] })),
    planFor(d) {
      const b = bind(d);
      b.tries += 1;
      const faults = b.faults.filter((f) => b.tries <= f.attempts);
      if (faults.length === 0) return undefined;
      const plan: AttemptPlan = {
        labels: faults.flatMap((f) => f.labels),
        duplicate: undefined,
        reorder: false,
        delayMs: 0,
        skewSeconds: 0,
        body: undefined,
        signWith: undefined,
      };
      for (const { spec } of faults) {
        plan.duplicate ??= spec.duplicate;
        plan.reorder ||= spec.reorder === true;
        plan.delayMs += spec.delayMs ?? 0;
        plan.skewSeconds += spec.clockSkewSeconds ?? 0;
        plan.body ??= spec.body;
        plan.signWith ??= spec.signWith;
      }
      return plan;
    },
  };
}
