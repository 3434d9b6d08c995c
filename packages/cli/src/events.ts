/** The documented event types with a one-line description, for `webhooks trigger --list`. */
export const EVENT_TYPES: ReadonlyArray<readonly [type: string, description: string]> = [
  ['v1.intake.session_created', 'an intake session was created'],
  ['v1.intake.submitted', 'the claimant submitted the hosted form'],
  ['v1.case.processing', 'Klarefi started extracting the case'],
  ['v1.case.applicant_blocked', 'the claimant cannot continue without help'],
  ['v1.case.needs_review', 'the case needs a person to review it'],
  ['v1.case.completed', 'the case is complete; its features are ready'],
  ['v1.case.failed', 'processing the case failed'],
  ['v1.review.completed', 'a review of the case was finished'],
  ['v1.document.processed', 'a document was processed'],
  ['v1.document.failed', 'a document could not be processed'],
  ['v1.intake.gap_resolved', 'the claimant filled in a missing answer'],
  ['v1.webhook.delivery_failed', 'a delivery failed after its last retry'],
  ['v1.webhook.test', 'a test event (as sent by POST /webhooks/test)'],
];

/** `case.completed` or `v1.case.completed` → `v1.case.completed`; `undefined` when not documented. */
export function documentedType(name: string): string | undefined {
  const full = name.startsWith('v1.') ? name : `v1.${name}`;
  return EVENT_TYPES.some(([type]) => type === full) ? full : undefined;
}

/** The list printed by `--list` and after an unknown event. */
export function formatEventList(): string {
  const width = Math.max(...EVENT_TYPES.map(([type]) => type.length));
  return EVENT_TYPES.map(([type, description]) => `  ${type.padEnd(width)}  ${description}`).join('\n');
}
