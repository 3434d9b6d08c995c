/**
 * Where a candidate value was found: a span of a document page or of a claimant's answer.
 */
export interface Evidence {
  evidence_id: string;
  /** The document (or, for hosted-form answers, the answer) the quote comes from. */
  doc_id: string;
  /** 0-based page index. */
  page_index: number;
  location: { char_start: number; char_end: number };
  quote: string;
  /** How the value was found, e.g. `"form_answer"`, `"ocr"`, `"llm"`. */
  method: string;
  [key: string]: unknown;
}

/** One value the extraction proposed for a feature. */
export interface Candidate {
  candidate_id?: string;
  /** The value as written, e.g. `"3 februari 2023"`. */
  value_raw?: string;
  /** The value normalised: ISO dates, numbers, upper-case plates, `{ amount, currency }`. */
  value_normalized: unknown;
  evidence_ids?: string[];
  [key: string]: unknown;
}

/** What was decided for a feature, and which candidate was kept. */
export interface Decision {
  decision_id?: string;
  /** `"keep"` when a candidate was selected; the list of decisions is not closed. */
  decision: 'keep' | 'reject' | 'needs_review' | (string & {});
  selected_candidate_id?: string | null;
  [key: string]: unknown;
}

/** One extracted feature of a case, keyed by its name (e.g. `incident_date`) in {@link Features}. */
export interface Feature {
  decision: Decision;
  candidates: Candidate[];
  evidence?: Evidence[];
  [key: string]: unknown;
}

/** The extracted features of a case, keyed by feature name. */
export type Features = Record<string, Feature>;

/** Case states seen on the wire; the list is not closed. */
export type CaseStatus =
  | 'processing'
  | 'applicant_blocked'
  | 'needs_review'
  | 'completed'
  | 'failed'
  | (string & {});
