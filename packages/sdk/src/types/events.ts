import type { CaseStatus, Features } from './features.js';
import type { KNOWN_EVENT_TYPES } from './known-events.js';

/** One of {@link KNOWN_EVENT_TYPES}. */
export type KnownEventType = (typeof KNOWN_EVENT_TYPES)[number];

/** The semantic name of an event type: `v1.case.completed` → `case.completed`. */
export type SemanticName<T extends string> = T extends `v1.${infer Rest}` ? Rest : T;

/** The semantic names of the documented events, as used for handler keys (`on: { 'case.completed': … }`). */
export type KnownEventName = SemanticName<KnownEventType>;

/** The `data` of a case event. */
export interface CaseEventData {
  case_status: CaseStatus;
  features?: Features;
  [key: string]: unknown;
}

/** The data each documented event carries. Fields beyond these may appear and must be ignored. */
export interface EventDataMap {
  'v1.intake.session_created': { case_status: CaseStatus; expires_at?: string; [key: string]: unknown };
  'v1.intake.submitted': { case_status: CaseStatus; [key: string]: unknown };
  'v1.case.processing': CaseEventData;
  'v1.case.applicant_blocked': CaseEventData & { reason?: string };
  'v1.case.needs_review': CaseEventData;
  'v1.case.completed': CaseEventData;
  'v1.case.failed': CaseEventData & { error?: { code?: string; message?: string } };
  'v1.review.completed': CaseEventData;
  'v1.document.processed': { doc_id: string; case_status?: CaseStatus; [key: string]: unknown };
  'v1.document.failed': {
    doc_id: string;
    error?: { code?: string; message?: string };
    [key: string]: unknown;
  };
  'v1.intake.gap_resolved': { case_status?: CaseStatus; [key: string]: unknown };
  'v1.webhook.delivery_failed': {
    failed_delivery_id: string;
    failed_event_id?: string;
    failed_event_type?: string;
    endpoint_url?: string;
    attempts?: number;
    [key: string]: unknown;
  };
  'v1.webhook.test': { message?: string; [key: string]: unknown };
}

/** The envelope the service sends today. */
export interface KlarefiEnvelope<TType extends string = string, TData = Record<string, unknown>> {
  /** `evt_<ULID>`. */
  event_id: string;
  /** `whd_<ULID>`: stable across retries of one delivery; the dedupe key. */
  delivery_id: string;
  event_type: TType;
  semantic_event_type: SemanticName<TType>;
  schema_version: 'v1' | (string & {});
  created_at: string;
  occurred_at: string;
  org_id: string;
  case_id: string | null;
  session_id: string | null;
  external_case_id: string | null;
  external_applicant_id: string | null;
  external_customer_id: string | null;
  idempotency_key: string | null;
  trace_id: string | null;
  data: TData;
  [key: string]: unknown;
}

/** A documented `v1.*` event, narrowed by `event_type`. */
export type KnownEnvelopeEvent = {
  [T in KnownEventType]: KlarefiEnvelope<T, EventDataMap[T]>;
}[KnownEventType];

/**
 * The legacy body (`{ event, case_id, org_id, timestamp, data: { features } }`),
 * still accepted. It carries no `delivery_id`.
 */
export interface LegacyCaseEvent<TName extends string = string> {
  event: TName;
  case_id: string;
  org_id: string;
  timestamp: string;
  data: { features?: Features; [key: string]: unknown };
  [key: string]: unknown;
}

/** Any verified event: a documented envelope, an envelope of a type added later, or the legacy body. */
export type KlarefiEvent = KnownEnvelopeEvent | KlarefiEnvelope | LegacyCaseEvent;

/**
 * The events a handler registered under a semantic name receives: `'case.completed'` gets both
 * `v1.case.completed` envelopes and the legacy `case.completed` body.
 */
export type EventFor<N extends string> = N extends KnownEventName
  ? KlarefiEnvelope<`v1.${N}`, EventDataMap[`v1.${N}` & KnownEventType]> | LegacyCaseEvent<N>
  : KlarefiEnvelope | LegacyCaseEvent<N>;
