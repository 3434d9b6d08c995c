import { eventName, type Features, type KlarefiEvent } from '@klarefi/sdk';

/** What the example keeps of a claim once its webhooks arrive. */
export interface ClaimRecord {
  caseId: string;
  /** The latest event's semantic name, e.g. `case.completed`. */
  status: string;
  /** Every verified event's name, in arrival order. */
  events: string[];
  features: Features | undefined;
  deliveryId: string | null;
  receivedAt: string;
}

/** Verified events by case id, in memory: enough for an example, use your database in production. */
export class ClaimStore {
  readonly #claims = new Map<string, ClaimRecord>();

  /** Records a verified event (call it from the webhook handler). */
  record(event: KlarefiEvent): ClaimRecord | undefined {
    const e = event as Record<string, unknown>;
    const caseId = typeof e.case_id === 'string' ? e.case_id : undefined;
    if (!caseId) return undefined;
    const name = eventName(event) ?? 'unknown';
    const data = (e.data ?? {}) as { features?: Features };
    const previous = this.#claims.get(caseId);
    const record: ClaimRecord = {
      caseId,
      status: name,
      events: [...(previous?.events ?? []), name],
      features: data.features ?? previous?.features,
      deliveryId: typeof e.delivery_id === 'string' ? e.delivery_id : null,
      receivedAt: new Date().toISOString(),
    };
    this.#claims.set(caseId, record);
    return record;
  }

  get(caseId: string): ClaimRecord | undefined {
    return this.#claims.get(caseId);
  }

  list(): ClaimRecord[] {
    return [...this.#claims.values()].reverse();
  }
}
