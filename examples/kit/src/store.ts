import { eventName, type Features, type KlarefiEvent } from '@klarefi/sdk';

/** What the example keeps of a claim once its webhooks arrive. */
export interface ClaimRecord {
  caseId: string;
  /** The furthest stage's semantic name so far, e.g. `case.completed`. */
  status: string;
  /** Every verified event's name, in arrival order. */
  events: string[];
  features: Features | undefined;
  /** The delivery that set `status`. */
  deliveryId: string | null;
  receivedAt: string;
}

// Deliveries run in parallel and arrive in any order: a `case.processing` that lands after
// `case.completed` must not send the claim back to waiting. Types not listed (tests, unknown ones)
// only name the status of a claim that has seen no listed type yet.
const STAGE: Record<string, number> = {
  'intake.session_created': 1,
  'intake.submitted': 2,
  'case.processing': 3,
  'document.processed': 3,
  'document.failed': 3,
  'intake.gap_resolved': 3,
  'case.applicant_blocked': 4,
  'case.needs_review': 4,
  'case.completed': 4,
  'case.failed': 4,
  'review.completed': 5,
};
const stage = (name: string | undefined) => (name === undefined ? -1 : (STAGE[name] ?? 0));

/** Whether the claim reached an outcome (completed, needs review, failed, blocked or reviewed). */
export const isSettled = (record: ClaimRecord | undefined): boolean => stage(record?.status) >= 4;

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
    const events = [...(previous?.events ?? []), name];
    const features = data.features ?? previous?.features;
    const record: ClaimRecord =
      previous && stage(name) < stage(previous.status)
        ? { ...previous, events, features }
        : {
            caseId,
            status: name,
            events,
            features,
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
