import { type ClaimReader, eventName, type KlarefiEvent } from '@klarefi/sdk';

/** What the example keeps of a claim once its webhooks arrive. */
export interface ClaimRecord {
  caseId: string;
  /** The furthest stage's semantic name so far, e.g. `case.completed`. */
  status: string;
  /** Every verified event's name, in arrival order. */
  events: string[];
  /** The case type `claim()` named, e.g. `motor_claim`; `undefined` until an outcome arrives. */
  caseTypeId: string | undefined;
  /** `claim().values`: each kept feature's normalised value; `undefined` until an outcome arrives. */
  values: Record<string, unknown> | undefined;
  /** `claim().needsReview`: the features whose decision is not `keep`. */
  needsReview: string[];
  /** Each feature's decision (`keep`, `needs_review`, …), in the case's feature order. */
  decisions: Record<string, string>;
  /** The delivery that set `status`. */
  deliveryId: string | null;
  receivedAt: string;
}

/** The facts of a record that come from `claim()`. */
type ClaimFacts = Pick<ClaimRecord, 'caseTypeId' | 'values' | 'needsReview' | 'decisions'>;

const NO_FACTS: ClaimFacts = { caseTypeId: undefined, values: undefined, needsReview: [], decisions: {} };

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

// The events after which the case holds extracted features: only these call claim(), which may read
// the case once (the documented thin body carries `case_status` only).
const EXTRACTED = new Set(['case.completed', 'case.needs_review', 'review.completed']);

/** Whether the claim reached an outcome (completed, needs review, failed, blocked or reviewed). */
export const isSettled = (record: ClaimRecord | undefined): boolean => stage(record?.status) >= 4;

async function claimFacts(claim: ClaimReader): Promise<ClaimFacts> {
  const c = await claim();
  const decisions: Record<string, string> = {};
  for (const [name, feature] of Object.entries(c.features)) {
    decisions[name] = String(feature?.decision?.decision ?? '');
  }
  return {
    caseTypeId: c.caseTypeId,
    values: { ...(c.values as Record<string, unknown>) },
    needsReview: [...c.needsReview],
    decisions,
  };
}

/** Verified events by case id, in memory: enough for an example, use your database in production. */
export class ClaimStore {
  readonly #claims = new Map<string, ClaimRecord>();

  /**
   * Records a verified event; call it from the webhook handler with the context's `claim`:
   * `onEvent: (event, { claim }) => store.record(event, claim)`. For an outcome that carries or
   * implies the extracted case (`case.completed`, `case.needs_review`, `review.completed`) it keeps
   * what `claim()` returns. A `claim()` that fails (the case cannot be read) rejects, so the
   * delivery answers 500 and Klarefi sends it again: nothing is lost.
   */
  async record(event: KlarefiEvent, claim?: ClaimReader): Promise<ClaimRecord | undefined> {
    const e = event as Record<string, unknown>;
    const caseId = typeof e.case_id === 'string' ? e.case_id : undefined;
    if (!caseId) return undefined;
    const name = eventName(event) ?? 'unknown';
    const facts = claim && EXTRACTED.has(name) ? await claimFacts(claim) : undefined;
    // Read the previous record only after the await, so a delivery that finished meanwhile counts.
    const previous = this.#claims.get(caseId);
    const events = [...(previous?.events ?? []), name];
    const kept: ClaimFacts = previous
      ? {
          caseTypeId: previous.caseTypeId,
          values: previous.values,
          needsReview: previous.needsReview,
          decisions: previous.decisions,
        }
      : NO_FACTS;
    const record: ClaimRecord =
      previous && stage(name) < stage(previous.status)
        ? { ...previous, events, ...(previous.values === undefined && facts ? facts : {}) }
        : {
            caseId,
            status: name,
            events,
            ...(facts ?? kept),
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
