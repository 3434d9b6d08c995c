import type { KnownEventType } from '@klarefi/sdk';
import { KNOWN_EVENT_TYPES } from '@klarefi/sdk/adapter';

/**
 * A one-line description of each documented event type, for `webhooks trigger --list`. Typed by
 * the SDK's list, so an event type added there fails to compile here until it is described.
 */
const DESCRIPTIONS = {
  'v1.intake.session_created': 'an intake session was created',
  'v1.intake.submitted': 'the claimant submitted the hosted form',
  'v1.case.processing': 'Klarefi started extracting the case',
  'v1.case.applicant_blocked': 'the claimant cannot continue without help',
  'v1.case.needs_review': 'the case needs a person to review it',
  'v1.case.completed': 'the case is complete; its features are ready',
  'v1.case.failed': 'processing the case failed',
  'v1.review.completed': 'a review of the case was finished',
  'v1.document.processed': 'a document was processed',
  'v1.document.failed': 'a document could not be processed',
  'v1.intake.gap_resolved': 'the claimant filled in a missing answer',
  'v1.webhook.delivery_failed': 'a delivery failed after its last retry',
  'v1.webhook.test': 'a test event (as sent by POST /webhooks/test)',
} as const satisfies Record<KnownEventType, string>;

/** The documented event types with their description, in the API reference's order. */
export const EVENT_TYPES: ReadonlyArray<readonly [type: KnownEventType, description: string]> =
  KNOWN_EVENT_TYPES.map((type) => [type, DESCRIPTIONS[type]] as const);

/** `case.completed` or `v1.case.completed` → `v1.case.completed`; `undefined` when not documented. */
export function documentedType(name: string): KnownEventType | undefined {
  const full = name.startsWith('v1.') ? name : `v1.${name}`;
  return Object.hasOwn(DESCRIPTIONS, full) ? (full as KnownEventType) : undefined;
}

/** The list printed by `--list` and after an unknown event. */
export function formatEventList(): string {
  const width = Math.max(...EVENT_TYPES.map(([type]) => type.length));
  return EVENT_TYPES.map(([type, description]) => `  ${type.padEnd(width)}  ${description}`).join('\n');
}
