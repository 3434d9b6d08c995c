import { KlarefiConfigError } from '../errors/base.js';

/** A text in both languages of the hosted form. */
export interface LocalizedText {
  en: string;
  nl: string;
}

/** Every question kind, in the order the docs list them. */
export const QUESTION_KINDS = ['text', 'date', 'amount', 'plate', 'textarea', 'email', 'phone'] as const;

/** How a question is asked and how its answer is normalised. */
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** One question of a case type. Its `id` becomes the feature name in the case's `features`. */
export interface CaseTypeQuestion {
  /** The feature name, e.g. `incident_date`: lower case letters, digits and `_`. */
  id: string;
  /** The input shown and the normaliser applied to the answer. */
  kind: QuestionKind;
  /** The label in English and Dutch. */
  label: LocalizedText;
  /**
   * A required question must be answered before the form moves on, and its value is never
   * `undefined` in a complete claim.
   * @default false
   */
  required?: boolean;
  /**
   * The form step (1, 2, …) the question is shown on.
   * @default 1
   */
  step?: number;
}

/** A case type: its questions and, optionally, a document upload step. */
export interface CaseTypeDefinition {
  /** The `case_type_id` used at session creation, e.g. `motor_claim`. */
  id: string;
  /** The title of the form in English and Dutch. */
  name: LocalizedText;
  /** The questions, at least one. */
  questions: readonly CaseTypeQuestion[];
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

const ID = /^[a-z][a-z0-9_]{0,63}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkText(value: unknown, where: string): void {
  if (!isObject(value))
    throw new KlarefiConfigError(`${where} must be an object { en: string, nl: string }.`);
  for (const lang of ['en', 'nl'] as const) {
    const text = value[lang];
    if (typeof text !== 'string' || text.trim() === '') {
      throw new KlarefiConfigError(`${where}.${lang} must be a non-empty string.`);
    }
  }
}

function checkQuestion(q: unknown, where: string, seen: Set<string>): void {
  if (!isObject(q)) throw new KlarefiConfigError(`${where} must be an object.`);
  if (typeof q.id !== 'string' || !ID.test(q.id)) {
    throw new KlarefiConfigError(
      `${where}.id must be lower case letters, digits and "_", starting with a letter.`,
    );
  }
  if (seen.has(q.id))
    throw new KlarefiConfigError(`${where}.id "${q.id}" is used twice; question ids must be unique.`);
  seen.add(q.id);
  if (!QUESTION_KINDS.includes(q.kind as QuestionKind)) {
    throw new KlarefiConfigError(
      `${where}.kind must be one of ${QUESTION_KINDS.join(', ')} (got ${JSON.stringify(q.kind)}).`,
    );
  }
  checkText(q.label, `${where}.label`);
  if (q.required !== undefined && typeof q.required !== 'boolean') {
    throw new KlarefiConfigError(`${where}.required must be true or false.`);
  }
  const step = q.step as number | undefined;
  if (step !== undefined && !(Number.isInteger(step) && step >= 1 && step <= 20)) {
    throw new KlarefiConfigError(`${where}.step must be a whole number from 1 to 20.`);
  }
}

/**
 * Checks one case type definition and returns a copy of it.
 * @param where how to name the value in an error, e.g. `caseTypes[0]`
 * @throws {KlarefiConfigError} naming the bad field and what it must be
 */
export function checkCaseType(value: unknown, where = 'case type'): CaseTypeDefinition {
  if (!isObject(value)) throw new KlarefiConfigError(`${where} must be an object { id, name, questions }.`);
  if (typeof value.id !== 'string' || !ID.test(value.id)) {
    throw new KlarefiConfigError(
      `${where}.id must be lower case letters, digits and "_" (e.g. "bicycle_claim").`,
    );
  }
  const at = `${where} ("${value.id}")`;
  checkText(value.name, `${at}.name`);
  if (!Array.isArray(value.questions) || value.questions.length === 0) {
    throw new KlarefiConfigError(`${at}.questions must be a non-empty array.`);
  }
  const seen = new Set<string>();
  for (const [i, q] of value.questions.entries()) checkQuestion(q, `${at}.questions[${i}]`, seen);
  if (value.documents !== undefined) {
    if (!isObject(value.documents))
      throw new KlarefiConfigError(`${at}.documents must be an object { label, required? }.`);
    checkText(value.documents.label, `${at}.documents.label`);
    if (value.documents.required !== undefined && typeof value.documents.required !== 'boolean') {
      throw new KlarefiConfigError(`${at}.documents.required must be true or false.`);
    }
  }
  return structuredClone(value) as unknown as CaseTypeDefinition;
}

/**
 * Declares a case type, checked now. The one definition the emulator's form, `klarefi types` and
 * `claim()`'s validation all read; collect them in `klarefi.config.ts`.
 * @example
 * export const motorClaim = defineCaseType({
 *   id: 'motor_claim',
 *   name: { en: 'Motor claim', nl: 'Autoschade melden' },
 *   questions: [{ id: 'incident_date', kind: 'date', label: { en: 'Date', nl: 'Datum' }, required: true }],
 * });
 * @throws {KlarefiConfigError} naming the question and field that is wrong
 */
export function defineCaseType<const T extends CaseTypeDefinition>(definition: T): T {
  checkCaseType(definition, 'defineCaseType()');
  return definition;
}

/** What `klarefi.config.ts` exports by default, or `klarefi.config.json` holds. */
export interface KlarefiConfig {
  /** The case types configured in Klarefi's dashboard, as code. */
  caseTypes: readonly CaseTypeDefinition[];
}

/**
 * Types a `klarefi.config.ts` default export.
 * @example export default defineConfig({ caseTypes: [motorClaim] });
 */
export function defineConfig<const T extends KlarefiConfig>(config: T): T {
  readCaseTypes(config, 'defineConfig()');
  return config;
}

/**
 * The case types of a loaded config: an array of case types or `{ caseTypes: [...] }`, each
 * checked, ids unique.
 * @throws {KlarefiConfigError} naming the source and the bad field
 */
export function readCaseTypes(config: unknown, source: string): CaseTypeDefinition[] {
  const list = isObject(config) ? config.caseTypes : config;
  if (!Array.isArray(list)) {
    throw new KlarefiConfigError(
      `${source} must hold an array of case types or { "caseTypes": [...] } (got ${isObject(config) ? 'an object without caseTypes' : typeof config}).`,
    );
  }
  const seen = new Set<string>();
  return list.map((value, i) => {
    const ct = checkCaseType(value, `${source}: caseTypes[${i}]`);
    if (seen.has(ct.id)) throw new KlarefiConfigError(`${source}: case type "${ct.id}" is defined twice.`);
    seen.add(ct.id);
    return ct;
  });
}
