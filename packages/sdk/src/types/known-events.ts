// A value, apart from the types in events.ts: the root re-exports those as types only, and this
// list is adapter plumbing (`@klarefi/sdk/adapter`).
/**
 * Every `v1.*` event type documented today, in the order the API reference lists them. The list
 * is not closed: an event of a type added later still arrives (see {@link KlarefiEvent}).
 */
export const KNOWN_EVENT_TYPES = [
  'v1.intake.session_created',
  'v1.intake.submitted',
  'v1.case.processing',
  'v1.case.applicant_blocked',
  'v1.case.needs_review',
  'v1.case.completed',
  'v1.case.failed',
  'v1.review.completed',
  'v1.document.processed',
  'v1.document.failed',
  'v1.intake.gap_resolved',
  'v1.webhook.delivery_failed',
  'v1.webhook.test',
] as const;
