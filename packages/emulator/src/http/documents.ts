import { isIP } from 'node:net';
import { Hono } from 'hono';
import type { EmulatorCore } from '../core.js';
import { ulid } from '../ids.js';
import { type ProcessParams, processDocument } from '../lifecycle.js';
import { type CaseRecord, own } from '../store.js';
import { caseTypeField, optionalString, readJsonBody, refuseWebhookUrl } from './body.js';
import { idempotencyKey, idempotent } from './idempotency.js';
import { ApiError, invalid } from './errors.js';
import { requireScope } from './auth.js';
import type { ApiEnv } from './request-id.js';

function isPrivateIPv4(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224
  );
}

function isPrivateIPv6(ip: string): boolean {
  const lower = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return isPrivateIPv4(mapped[1] as string);
  return (
    lower === '::' || lower === '::1' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || /^ff/.test(lower)
  );
}

/** True for an `https://` URL whose host is not loopback, private, link-local or a local name. */
export function isPublicHttpsUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host) === 4) return !isPrivateIPv4(host);
  if (isIP(host) === 6) return !isPrivateIPv6(host);
  if (!host.includes('.')) return false;
  return !/(?:^|\.)(?:localhost|local|internal|lan|home\.arpa|intranet)$/.test(host);
}

function findDocument(core: EmulatorCore, docId: string): CaseRecord | undefined {
  return Object.values(core.store.state.cases).find((c) => c.documents.some((d) => d.doc_id === docId));
}

/** Removes a document and what was derived from it; answers the erasure receipt. */
function erase(core: EmulatorCore, c: CaseRecord, docId: string): Record<string, unknown> {
  const doc = c.documents.find((d) => d.doc_id === docId)!;
  c.documents = c.documents.filter((d) => d.doc_id !== docId);
  const session = c.session_id ? own(core.store.state.sessions, c.session_id) : undefined;
  if (session) session.uploads = session.uploads.filter((d) => d.doc_id !== docId);
  let deletedEvidence = 0;
  let deletedCandidates = 0;
  for (const feature of Object.values(c.features)) {
    const gone = new Set(
      (feature.evidence ?? []).filter((e) => e.doc_id === docId).map((e) => e.evidence_id),
    );
    if (gone.size === 0) continue;
    deletedEvidence += gone.size;
    feature.evidence = (feature.evidence ?? []).filter((e) => !gone.has(e.evidence_id));
    const kept = feature.candidates.filter((x) => !(x.evidence_ids ?? []).every((id) => gone.has(id)));
    deletedCandidates += feature.candidates.length - kept.length;
    feature.candidates = kept;
    if (!kept.some((x) => x.candidate_id === feature.decision.selected_candidate_id)) {
      feature.decision = { ...feature.decision, decision: 'needs_review', selected_candidate_id: null };
    }
  }
  c.updated_at = new Date(core.options.now()).toISOString();
  core.store.changed();
  const uploads = doc.source === 'upload' ? 1 : 0;
  const batchCount = 1 + deletedEvidence + deletedCandidates;
  return {
    erasure_receipt: {
      doc_id: docId,
      audit_id: `aud_${ulid(core.options.now())}`,
      completed: true,
      batch_count: batchCount,
      batch_limit: 100,
      remaining_budget: Math.max(0, 100 - batchCount),
      deleted_evidence: deletedEvidence,
      deleted_candidates: deletedCandidates,
      deleted_case_documents: 1,
      deleted_artifacts: 0,
      deleted_uploads: uploads,
      deleted_storage_objects: uploads,
      deleted_document: true,
      timestamp: new Date(core.options.now()).toISOString(),
    },
  };
}

/** `POST /process` and `DELETE /documents/{docId}`. */
export function documentRoutes(core: EmulatorCore): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();

  routes.post('/process', requireScope('cases:process'), async (c) => {
    const body = await readJsonBody(c);
    refuseWebhookUrl(body);
    const url = body.document_url;
    if (url === undefined || url === null || url === '') {
      throw invalid(
        'missing_document_url',
        'document_url is required: a public https:// URL of the document.',
      );
    }
    if (typeof url !== 'string' || url.length > 2048 || !isPublicHttpsUrl(url)) {
      throw invalid(
        'invalid_document_url',
        'document_url must be a public https:// URL; loopback, private-network and local addresses are refused.',
      );
    }
    const caseType = caseTypeField(core, body);
    const params: ProcessParams = {
      document_url: url,
      case_type_id: caseType.id,
      external_case_id: optionalString(body, 'external_case_id'),
      external_applicant_id: optionalString(body, 'external_applicant_id'),
      external_customer_id: optionalString(body, 'external_customer_id'),
      trace_id: optionalString(body, 'trace_id'),
    };
    const key = idempotencyKey(c, body, 'POST /process');
    return idempotent(core, c, 'process', key, params, () => processDocument(core, params, key, caseType));
  });

  routes.delete('/documents/:docId', requireScope('privacy:erase'), (c) => {
    const docId = c.req.param('docId');
    const found = findDocument(core, docId);
    if (!found) throw new ApiError(404, 'document_not_found', `No document with id "${docId.slice(0, 64)}".`);
    return c.json(erase(core, found, docId), 200);
  });
  return routes;
}
