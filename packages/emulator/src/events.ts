import type { KlarefiEnvelope } from '@klarefi/sdk';
import { KNOWN_EVENT_TYPES } from '@klarefi/sdk/adapter';
import { BUILT_IN_CASE_TYPES, SAMPLE_MOTOR_ANSWERS } from './case-types/builtins.js';
import { DEFAULT_ORG_ID } from './constants.js';
import { extractFeatures } from './extract.js';
import { ulid, uuid } from './ids.js';
import type { EventRecord } from './store.js';

/** Every documented event type, as the SDK lists them (one list for both packages). */
export { KNOWN_EVENT_TYPES };

/** `v1.case.completed` → `case.completed`. */
export function semanticName(type: string): string {
  return type.startsWith('v1.') ? type.slice(3) : type;
}

/** True when an endpoint subscribed to `events` should receive an event of `type`. */
export function isSubscribed(events: readonly string[], type: string): boolean {
  return events.includes('*') || events.includes(type);
}

/** Case events whose `data` is only `{ case_status }` in the documented (thin) envelope. */
function isCaseEvent(type: string): boolean {
  return type.startsWith('v1.case.') || type === 'v1.review.completed';
}

/**
 * The body the service sends for one delivery of an event: the current (`v1`) envelope. With
 * `thin`, a case event's `data` is `{ case_status }` only, as documented.
 */
export function toEnvelope(event: EventRecord, deliveryId: string, thin = false): KlarefiEnvelope {
  return {
    event_id: event.event_id,
    delivery_id: deliveryId,
    event_type: event.event_type,
    semantic_event_type: semanticName(event.event_type),
    schema_version: 'v1',
    created_at: event.created_at,
    occurred_at: event.occurred_at,
    org_id: event.org_id,
    case_id: event.case_id,
    session_id: event.session_id,
    external_case_id: event.external_case_id,
    external_applicant_id: event.external_applicant_id,
    external_customer_id: event.external_customer_id,
    idempotency_key: event.idempotency_key,
    trace_id: event.trace_id,
    data: thin && isCaseEvent(event.event_type) ? { case_status: event.data.case_status } : event.data,
  };
}

function sampleData(type: string, nowMs: number): Record<string, unknown> {
  const caseType = BUILT_IN_CASE_TYPES[0]!;
  const features = () =>
    extractFeatures({ caseType, answers: { ...SAMPLE_MOTOR_ANSWERS }, uploads: [], language: 'nl', nowMs })
      .features;
  const docId = `doc_${ulid(nowMs)}`;
  switch (type) {
    case 'v1.intake.session_created':
      return {
        case_status: 'created',
        case_type_id: caseType.id,
        expires_at: new Date(nowMs + 168 * 3_600_000).toISOString(),
      };
    case 'v1.intake.submitted':
      return { case_status: 'submitted', case_type_id: caseType.id, document_count: 1 };
    case 'v1.case.processing':
      return { case_status: 'processing' };
    case 'v1.case.applicant_blocked':
      return { case_status: 'applicant_blocked', reason: 'missing_required_document' };
    case 'v1.case.needs_review':
      return { case_status: 'needs_review', features: features() };
    case 'v1.case.completed':
    case 'v1.review.completed':
      return { case_status: 'completed', features: features() };
    case 'v1.case.failed':
      return { case_status: 'failed', error: { code: 'extraction_failed', message: 'No readable content.' } };
    case 'v1.document.processed':
      return { case_status: 'processing', doc_id: docId };
    case 'v1.document.failed':
      return {
        doc_id: docId,
        error: { code: 'unreadable_document', message: 'The document could not be read.' },
      };
    case 'v1.intake.gap_resolved':
      return { case_status: 'processing', feature: 'damage_amount' };
    case 'v1.webhook.delivery_failed':
      return {
        failed_delivery_id: `whd_${ulid(nowMs)}`,
        failed_event_id: `evt_${ulid(nowMs)}`,
        failed_event_type: 'v1.case.completed',
        endpoint_url: 'http://127.0.0.1:3000/webhooks/klarefi',
        attempts: 7,
        last_status: 500,
      };
    case 'v1.webhook.test':
      return { message: 'This is a test event from the Klarefi emulator.' };
    default:
      return {};
  }
}

/**
 * A realistic event body for `type` (`'v1.case.completed'` or `'case.completed'`): the current
 * envelope with a fresh `event_id` and `delivery_id`, or with `legacy: true` the legacy
 * `{ event, case_id, org_id, timestamp, data: { features } }`. Case events carry the features of a
 * sample motor claim. A well-formed type that is not documented gets an envelope with empty `data`, to
 * exercise catch-all handlers.
 */
export function sampleEvent(
  type: string,
  options: { legacy?: boolean; caseId?: string; orgId?: string } = {},
): Record<string, unknown> {
  const eventType = type.startsWith('v1.') ? type : `v1.${type}`;
  if (!/^v1(\.[a-z_]+){2,}$/.test(eventType)) {
    throw new TypeError(
      `sampleEvent: "${type}" is not an event type. Use one of: ${KNOWN_EVENT_TYPES.join(', ')} (with or without "v1.").`,
    );
  }
  const nowMs = Date.now();
  const now = new Date(nowMs).toISOString();
  const caseId = options.caseId ?? uuid();
  const orgId = options.orgId ?? DEFAULT_ORG_ID;
  const data = sampleData(eventType, nowMs);
  const noCase = eventType.startsWith('v1.webhook.');
  if (options.legacy) {
    const legacyData = 'features' in data ? { features: data.features } : data;
    return {
      event: semanticName(eventType),
      case_id: caseId,
      org_id: orgId,
      timestamp: now,
      data: legacyData,
    };
  }
  const record: EventRecord = {
    event_id: `evt_${ulid(nowMs)}`,
    event_type: eventType,
    cursor: null,
    created_at: now,
    occurred_at: now,
    org_id: orgId,
    case_id: noCase ? null : caseId,
    session_id: noCase ? null : caseId,
    external_case_id: noCase ? null : 'CLM-2023-0042',
    external_applicant_id: noCase ? null : 'applicant-17',
    external_customer_id: noCase ? null : 'customer-3',
    idempotency_key: noCase ? null : `sample-${caseId}`,
    trace_id: `trc_${ulid(nowMs)}`,
    data,
  };
  return toEnvelope(record, `whd_${ulid(nowMs)}`) as Record<string, unknown>;
}
