/** A text in both languages of the hosted form. */
export interface LocalizedText {
  en: string;
  nl: string;
}

/** How a question is asked and how its answer is normalised. */
export type QuestionKind = 'text' | 'date' | 'amount' | 'plate' | 'textarea' | 'email' | 'phone';

/** One question of a case type. Its `id` becomes the feature name in the case's `features`. */
export interface CaseTypeQuestion {
  /** The feature name, e.g. `incident_date`: lower case letters, digits and `_`. */
  id: string;
  /** The input shown and the normaliser applied to the answer. */
  kind: QuestionKind;
  /** The label in English and Dutch. */
  label: LocalizedText;
  /**
   * A required question must be answered before the form moves on.
   * @default false
   */
  required?: boolean;
  /**
   * The form step (1, 2, …) the question is shown on.
   * @default 1
   */
  step?: number;
}

/** A case type the hosted form can ask for: its questions and, optionally, a document upload step. */
export interface CaseTypeDefinition {
  /** The `case_type_id` used at session creation, e.g. `motor_claim`. */
  id: string;
  /** The title of the form in English and Dutch. */
  name: LocalizedText;
  /** The questions, at least one. */
  questions: CaseTypeQuestion[];
  /** When present, the form has a document upload step with this label. */
  documents?: {
    label: LocalizedText;
    /**
     * At least one document must be uploaded before the form moves on.
     * @default false
     */
    required?: boolean;
  };
}
