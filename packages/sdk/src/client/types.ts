import type { CaseStatus, Features } from '../types/features.js';

/**
 * The wire shapes of the Klarefi API, field for field (snake_case). Every response type keeps
 * unknown keys: the API may add fields at any time.
 */

/** The external identifiers and trace id you can attach to a session or a processing job. */
export interface ExternalReferences {
  /** Your case id, carried into events and reads. */
  external_case_id?: string;
  /** Your applicant id. */
  external_applicant_id?: string;
  /** Your customer or account id. */
  external_customer_id?: string;
  /** A correlation id carried into events and reads. */
  trace_id?: string;
}

/** The body of `POST /api/v1/sessions`. */
export interface CreateSessionParams extends ExternalReferences {
  /** A case type configured in the Klarefi dashboard, e.g. `"motor_claim"`. */
  case_type_id: string;
  /**
   * How long the signed link stays valid, in hours.
   * @default 168 (set by the API)
   */
  ttl_hours?: number;
  /** A BCP 47 language hint for the hosted form, e.g. `"nl"`. */
  locale?: string;
  /** Where the claimant goes after finishing the form. */
  return_url?: string;
  /**
   * The idempotency key, sent in the body and as the `Idempotency-Key` header. When neither this
   * nor the `idempotencyKey` call option is given, the client generates one per call.
   */
  idempotency_key?: string;
}

/** The answer of `POST /api/v1/sessions`. */
export interface Session {
  /** A UUID; also the case id for `getCase` and friends. */
  session_id: string;
  /** Where to redirect the claimant: `https://app.klarefi.com/s/<session_id>?token=...`. */
  signed_url: string;
  /** When the link stops working (ISO 8601). */
  expires_at: string;
  /** A ready-made `<script>` redirect to `signed_url`; absent in some older examples. */
  snippet?: string;
  /** `true` when this answer replays an earlier call with the same idempotency key (HTTP 200). */
  idempotent_replay: boolean;
  [key: string]: unknown;
}

/** The answer of `GET /api/v1/cases/{caseId}`. */
export interface Case {
  case_id: string;
  org_id: string;
  status: CaseStatus;
  /** The extracted features, keyed by name (e.g. `incident_date`). */
  features: Features;
  [key: string]: unknown;
}

/** One entry of a case's event log. */
export interface CaseEvent {
  event_id: string;
  /** e.g. `"document.uploaded"`; the list is not closed. */
  event_type: string;
  /** The position in the log; pass it as `after_cursor` to read what follows. */
  cursor: number;
  created_at: string;
  [key: string]: unknown;
}

/** Query of `GET /api/v1/cases/{caseId}/events`. */
export interface CaseEventsParams {
  /** Return the events after this cursor (the `next_cursor` of the previous page); from the start when absent. */
  after_cursor?: number;
}

/** One page of `GET /api/v1/cases/{caseId}/events`. */
export interface CaseEventsPage {
  case_id: string;
  events: CaseEvent[];
  /** The cursor to pass as `after_cursor` for the next page; `null` when there is none. */
  next_cursor: number | null;
  [key: string]: unknown;
}

/** The answer of `GET /api/v1/cases/{caseId}/package`: the review-ready handoff view. */
export interface CasePackage {
  case_id: string;
  /** A signed link to the case file; `null` when the deployment cannot make one. */
  case_file_url: string | null;
  facts: Record<string, unknown>;
  documents: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** The body of `POST /api/v1/process`. */
export interface ProcessDocumentParams extends ExternalReferences {
  /** A public HTTPS URL of the document; loopback and private addresses are refused by the API. */
  document_url: string;
  /** A case type configured in the Klarefi dashboard. */
  case_type_id: string;
  /** The idempotency key; see {@link CreateSessionParams.idempotency_key}. */
  idempotency_key?: string;
}

/** The answer of `POST /api/v1/process`. */
export interface ProcessingJob {
  case_id: string;
  doc_id: string;
  job_id: string;
  status: 'queued' | (string & {});
  /** `true` when this answer replays an earlier call with the same idempotency key. */
  idempotent_replay: boolean;
  [key: string]: unknown;
}

/** What an erasure batch removed. */
export interface ErasureReceipt {
  doc_id: string;
  audit_id: string;
  /** `true` once nothing is left to erase. */
  completed: boolean;
  batch_count: number;
  batch_limit: number;
  remaining_budget: number;
  deleted_evidence: number;
  deleted_candidates: number;
  deleted_case_documents: number;
  deleted_artifacts: number;
  deleted_uploads: number;
  deleted_storage_objects: number;
  deleted_document: boolean;
  timestamp: string;
  [key: string]: unknown;
}

/**
 * The answer of `DELETE /api/v1/documents/{docId}`, plus the HTTP status: `200` when erasure
 * finished, `202` when a batch was erased and more remain (call again).
 */
export interface DocumentErasure {
  erasure_receipt: ErasureReceipt;
  /** The HTTP status of the answer: `200` done, `202` more batches remain. */
  status_code: 200 | 202;
  [key: string]: unknown;
}

/** The body of `POST /api/v1/webhooks/test`; the documentation names no fields, so it is sent as given. */
export type SendTestWebhookParams = Record<string, unknown>;

/** The answer of `POST /api/v1/webhooks/test`, which emits a `v1.webhook.test` event. */
export interface TestWebhookResult {
  event_id?: string;
  event_type?: string;
  [key: string]: unknown;
}

/** The body of `POST /api/v1/webhooks/deliveries/{deliveryId}/ack`. */
export interface AcknowledgeDeliveryParams {
  /** Your id for this acknowledgement; when absent the API uses the `Idempotency-Key` header, if any. */
  acknowledgement_id?: string;
}

/** The answer of `POST /api/v1/webhooks/deliveries/{deliveryId}/ack`. */
export interface DeliveryAcknowledgement {
  delivery_id?: string;
  acknowledgement_id?: string;
  [key: string]: unknown;
}

/** The answer of `GET /api/v1/me`. */
export interface Me {
  org_id: string;
  /** Decided by the key's prefix. */
  environment: 'test' | 'live';
  [key: string]: unknown;
}

/** The answer of `GET /api/v1/health`. */
export interface Health {
  status: 'ok' | (string & {});
  [key: string]: unknown;
}
