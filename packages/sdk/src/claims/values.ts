import type { Candidate, Feature } from '../types/features.js';
import type { CaseTypeDefinition, QuestionKind } from './definition.js';

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const EXPECTED: Record<QuestionKind, string> = {
  text: 'a text',
  textarea: 'a text',
  plate: 'a licence plate (text)',
  email: 'an e-mail address (text)',
  phone: 'a phone number (text)',
  date: 'a date "YYYY-MM-DD"',
  amount: 'an amount { amount: number, currency: "EUR" }',
};

/** One value that does not match its question. */
export interface ValueMismatch {
  /** The feature (question id), e.g. `incident_date`. */
  feature: string;
  /** What the question's kind asks for. */
  expected: string;
  /** What arrived, described (never the whole value). */
  got: string;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}" (string)`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${value} (${typeof value})`;
  return Array.isArray(value) ? 'an array' : 'an object';
}

function matchesKind(kind: QuestionKind, value: unknown): boolean {
  if (kind === 'date') return typeof value === 'string' && ISO_DATE.test(value);
  if (kind === 'amount') {
    const money = value as { amount?: unknown; currency?: unknown } | null;
    return (
      typeof money === 'object' &&
      money !== null &&
      typeof money.amount === 'number' &&
      Number.isFinite(money.amount) &&
      typeof money.currency === 'string' &&
      /^[A-Z]{3}$/.test(money.currency)
    );
  }
  return typeof value === 'string' && value !== '';
}

/**
 * Checks values against a case type: each present value has its question's kind, each required
 * question not in `inReview` has a value. Returns every mismatch, in question order.
 */
export function checkValues(
  caseType: CaseTypeDefinition,
  values: Record<string, unknown>,
  inReview: ReadonlySet<string> = new Set(),
): ValueMismatch[] {
  const mismatches: ValueMismatch[] = [];
  for (const q of caseType.questions) {
    const value = values[q.id];
    const expected = EXPECTED[q.kind];
    if (value === undefined) {
      if (q.required && !inReview.has(q.id)) {
        mismatches.push({ feature: q.id, expected: `${expected} (required)`, got: 'nothing' });
      }
    } else if (!matchesKind(q.kind, value)) {
      mismatches.push({ feature: q.id, expected, got: describe(value) });
    }
  }
  return mismatches;
}

/** The candidate a feature kept, or `undefined` when its decision is not `keep`. */
export function keptCandidate(feature: Feature): Candidate | undefined {
  if (feature.decision?.decision !== 'keep') return undefined;
  const candidates = Array.isArray(feature.candidates) ? feature.candidates : [];
  const id = feature.decision.selected_candidate_id;
  return id == null ? candidates[0] : candidates.find((c) => c.candidate_id === id);
}
