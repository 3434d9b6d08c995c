import type { CaseTypeDefinition } from './case-types/types.js';
import type { EmulatorCore } from './core.js';
import { extractFeatures } from './extract.js';
import { randomToken, ulid, uuid } from './ids.js';
import { type CaseRecord, own, type SessionRecord } from './store.js';

/** The checked parameters of `POST /sessions`, defaults applied. */
export interface SessionParams {
  case_type_id: string;
  ttl_hours: number;
  locale: string | null;
  return_url: string | null;
  external_case_id: string | null;
  external_applicant_id: string | null;
  external_customer_id: string | null;
  trace_id: string | null;
}

/** The form language for a BCP 47 locale: Dutch for `nl`, `nl-NL`, `nl-BE`…, English otherwise. */
export function languageFor(locale: string | null): 'en' | 'nl' {
  return locale !== null && /^nl(?:-|$)/i.test(locale) ? 'nl' : 'en';
}

function newCase(
  core: EmulatorCore,
  fields: Omit<CaseRecord, 'org_id' | 'features' | 'last_cursor'>,
): CaseRecord {
  const c: CaseRecord = { ...fields, org_id: core.options.orgId, features: {}, last_cursor: 0 };
  core.store.state.cases[c.case_id] = c;
  return c;
}

/** Creates a session and its case, records `v1.intake.session_created`, and returns the API's answer. */
export function createSession(
  core: EmulatorCore,
  params: SessionParams,
  idempotencyKey: string,
  baseUrl: string,
): Record<string, unknown> {
  const nowMs = core.options.now();
  const id = uuid();
  const token = randomToken();
  const createdAt = new Date(nowMs).toISOString();
  const expiresAt = new Date(nowMs + params.ttl_hours * 3_600_000).toISOString();
  const session: SessionRecord = {
    session_id: id,
    token,
    ...params,
    language: languageFor(params.locale),
    idempotency_key: idempotencyKey,
    created_at: createdAt,
    expires_at: expiresAt,
    status: 'open',
    submitted_at: null,
    answers: {},
    uploads: [],
  };
  core.store.state.sessions[id] = session;
  const c = newCase(core, {
    case_id: id,
    case_type_id: params.case_type_id,
    status: 'created',
    session_id: id,
    external_case_id: params.external_case_id,
    external_applicant_id: params.external_applicant_id,
    external_customer_id: params.external_customer_id,
    idempotency_key: idempotencyKey,
    trace_id: params.trace_id,
    documents: [],
    created_at: createdAt,
    updated_at: createdAt,
  });
  core.recordEvent({
    type: 'v1.intake.session_created',
    caseRecord: c,
    data: { case_status: 'created', case_type_id: params.case_type_id, expires_at: expiresAt },
  });
  const signedUrl = `${baseUrl}/s/${id}?token=${token}`;
  // JSON-quoted, with "<" escaped so the URL can never close the script element early.
  const snippet = `<script>window.location.href = ${JSON.stringify(signedUrl).replace(/</g, '\\u003c')};</script>`;
  return { session_id: id, signed_url: signedUrl, expires_at: expiresAt, snippet };
}

/**
 * Submits a session: extracts the features, then records `v1.intake.submitted`, `v1.case.processing`
 * and `v1.case.completed` (or `v1.case.needs_review` when any feature needs review).
 */
export function submitSession(
  core: EmulatorCore,
  session: SessionRecord,
  caseType: CaseTypeDefinition,
): CaseRecord {
  const nowMs = core.options.now();
  const c = own(core.store.state.cases, session.session_id)!;
  session.status = 'submitted';
  session.submitted_at = new Date(nowMs).toISOString();
  const extraction = extractFeatures({
    caseType,
    answers: session.answers,
    uploads: session.uploads,
    language: session.language,
    nowMs,
  });
  c.documents = [extraction.transcript, ...session.uploads];
  c.status = 'submitted';
  core.recordEvent({
    type: 'v1.intake.submitted',
    caseRecord: c,
    data: { case_status: 'submitted', case_type_id: caseType.id, document_count: session.uploads.length },
  });
  c.status = 'processing';
  core.recordEvent({ type: 'v1.case.processing', caseRecord: c, data: { case_status: 'processing' } });
  c.features = extraction.features;
  c.status = extraction.needsReview ? 'needs_review' : 'completed';
  core.recordEvent({
    type: `v1.case.${c.status}`,
    caseRecord: c,
    data: { case_status: c.status, features: c.features },
  });
  return c;
}

/** The checked parameters of `POST /process`. */
export interface ProcessParams {
  document_url: string;
  case_type_id: string;
  external_case_id: string | null;
  external_applicant_id: string | null;
  external_customer_id: string | null;
  trace_id: string | null;
}

/**
 * Queues a document URL for processing. The emulator does not download it: the case records the URL,
 * `v1.case.processing` and `v1.document.processed` follow, and the case ends in `needs_review` since
 * nothing could be extracted.
 */
export function processDocument(
  core: EmulatorCore,
  params: ProcessParams,
  idempotencyKey: string,
  caseType: CaseTypeDefinition,
): Record<string, unknown> {
  const nowMs = core.options.now();
  const at = new Date(nowMs).toISOString();
  const docId = `doc_${ulid(nowMs)}`;
  const c = newCase(core, {
    case_id: uuid(),
    case_type_id: params.case_type_id,
    status: 'processing',
    session_id: null,
    external_case_id: params.external_case_id,
    external_applicant_id: params.external_applicant_id,
    external_customer_id: params.external_customer_id,
    idempotency_key: idempotencyKey,
    trace_id: params.trace_id,
    documents: [
      {
        doc_id: docId,
        source: 'url',
        filename: new URL(params.document_url).pathname.split('/').pop() || 'document',
        content_type: 'application/octet-stream',
        size_bytes: 0,
        uploaded_at: at,
        text: null,
        url: params.document_url,
      },
    ],
    created_at: at,
    updated_at: at,
  });
  core.recordEvent({ type: 'v1.case.processing', caseRecord: c, data: { case_status: 'processing' } });
  core.recordEvent({
    type: 'v1.document.processed',
    caseRecord: c,
    data: { case_status: 'processing', doc_id: docId },
  });
  c.features = extractFeatures({ caseType, answers: {}, uploads: [], language: 'en', nowMs }).features;
  c.status = 'needs_review';
  core.recordEvent({
    type: 'v1.case.needs_review',
    caseRecord: c,
    data: { case_status: 'needs_review', features: c.features },
  });
  return { case_id: c.case_id, doc_id: docId, job_id: `job_${ulid(nowMs)}`, status: 'queued' };
}
