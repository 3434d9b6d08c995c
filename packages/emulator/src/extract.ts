import type { Candidate, Evidence, Feature, Features } from '@klarefi/sdk';
import type { CaseTypeDefinition, CaseTypeQuestion, QuestionKind } from './case-types/types.js';
import { ulid } from './ids.js';
import {
  normalizeAmount,
  normalizeDate,
  normalizeEmail,
  normalizePhone,
  normalizePlate,
  normalizeText,
} from './normalize.js';
import type { DocumentRecord } from './store.js';

/** Normalises one answer by the question's kind; `null` when it cannot be read. */
export function normalizeAnswer(kind: QuestionKind, raw: string): unknown {
  switch (kind) {
    case 'date':
      return normalizeDate(raw);
    case 'amount':
      return normalizeAmount(raw);
    case 'plate':
      return normalizePlate(raw);
    case 'email':
      return normalizeEmail(raw);
    case 'phone':
      return normalizePhone(raw);
    case 'textarea':
      return normalizeText(raw, true);
    default:
      return normalizeText(raw);
  }
}

/** What extraction produced for a case. */
export interface Extraction {
  features: Features;
  /** The answers as a text document; the form answers' evidence offsets point into it. */
  transcript: DocumentRecord;
  /** True when any feature's decision is `needs_review`. */
  needsReview: boolean;
}

interface Found {
  raw: string;
  docId: string;
  start: number;
  method: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Finds `Label: value` lines for the question in a text document. */
function findInDocument(question: CaseTypeQuestion, doc: DocumentRecord): Found | undefined {
  if (doc.text === null) return undefined;
  const names = [question.id, question.id.replace(/_/g, ' '), question.label.en, question.label.nl].map(
    escapeRegExp,
  );
  const pattern = new RegExp(
    `^[ \\t]*(?:${names.join('|')})[ \\t]*[:=][ \\t]*(\\S[^\\r\\n]*?)[ \\t]*$`,
    'im',
  );
  const m = pattern.exec(doc.text);
  if (!m) return undefined;
  const raw = m[1] as string;
  const start = m.index + m[0].indexOf(raw, m[0].search(/[:=]/) + 1);
  return { raw, docId: doc.doc_id, start, method: 'born_digital_text' };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function buildFeature(question: CaseTypeQuestion, found: Found[], nowMs: number): Feature | undefined {
  const candidates: Candidate[] = [];
  const evidence: Evidence[] = [];
  for (const f of found) {
    const evidenceId = `ev_${ulid(nowMs)}`;
    evidence.push({
      evidence_id: evidenceId,
      doc_id: f.docId,
      page_index: 0,
      location: { char_start: f.start, char_end: f.start + f.raw.length },
      quote: f.raw,
      method: f.method,
    });
    candidates.push({
      candidate_id: `cand_${ulid(nowMs)}`,
      value_raw: f.raw,
      value_normalized: normalizeAnswer(question.kind, f.raw),
      evidence_ids: [evidenceId],
    });
  }
  if (candidates.length === 0 && !question.required) return undefined;
  const readable = candidates.filter((c) => c.value_normalized !== null);
  const selected = readable[0];
  // Unreadable values, disagreeing sources or a missing required answer all go to a human.
  const agree = readable.every((c) => sameValue(c.value_normalized, selected?.value_normalized));
  const keep = selected !== undefined && agree && readable.length === candidates.length;
  return {
    decision: {
      decision_id: `dec_${ulid(nowMs)}`,
      decision: keep ? 'keep' : 'needs_review',
      selected_candidate_id: selected?.candidate_id ?? null,
    },
    candidates,
    evidence,
  };
}

/**
 * Builds a case's `features` from the hosted form's answers and any text documents uploaded with them:
 * one feature per question, a candidate per source, evidence pointing at the answer (in the answers
 * transcript) or at the line of the document it came from.
 */
export function extractFeatures(input: {
  caseType: CaseTypeDefinition;
  answers: Record<string, string>;
  uploads: DocumentRecord[];
  language: 'en' | 'nl';
  nowMs: number;
}): Extraction {
  const { caseType, answers, uploads, language, nowMs } = input;
  const transcriptId = `doc_${ulid(nowMs)}`;
  let text = '';
  const fromForm = new Map<string, Found>();
  for (const q of caseType.questions) {
    const raw = (answers[q.id] ?? '').trim();
    if (raw === '') continue;
    const prefix = `${q.label[language]}: `;
    fromForm.set(q.id, {
      raw,
      docId: transcriptId,
      start: text.length + prefix.length,
      method: 'form_answer',
    });
    text += `${prefix}${raw}\n`;
  }
  const features: Features = {};
  let needsReview = false;
  for (const q of caseType.questions) {
    const found: Found[] = [];
    const formAnswer = fromForm.get(q.id);
    if (formAnswer) found.push(formAnswer);
    for (const doc of uploads) {
      const inDoc = findInDocument(q, doc);
      if (inDoc) found.push(inDoc);
    }
    const feature = buildFeature(q, found, nowMs);
    if (!feature) continue;
    features[q.id] = feature;
    if (feature.decision.decision !== 'keep') needsReview = true;
  }
  const transcript: DocumentRecord = {
    doc_id: transcriptId,
    source: 'form_answers',
    filename: 'form-answers.txt',
    content_type: 'text/plain; charset=utf-8',
    size_bytes: Buffer.byteLength(text),
    uploaded_at: new Date(nowMs).toISOString(),
    text,
  };
  return { features, transcript, needsReview };
}
