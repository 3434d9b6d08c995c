import { readFileSync } from 'node:fs';
import { KlarefiConfigError } from '@klarefi/sdk';
import { BUILT_IN_CASE_TYPES } from './builtins.js';
import type { CaseTypeDefinition, CaseTypeQuestion, QuestionKind } from './types.js';

const KINDS: readonly QuestionKind[] = ['text', 'date', 'amount', 'plate', 'textarea', 'email', 'phone'];
const ID = /^[a-z][a-z0-9_]{0,63}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkText(value: unknown, where: string): void {
  if (!isObject(value)) throw new Error(`${where} must be an object { en: string, nl: string }`);
  for (const lang of ['en', 'nl'] as const) {
    const text = value[lang];
    if (typeof text !== 'string' || text.trim() === '') {
      throw new Error(`${where}.${lang} must be a non-empty string`);
    }
  }
}

function checkQuestion(q: unknown, where: string, seen: Set<string>): void {
  if (!isObject(q)) throw new Error(`${where} must be an object`);
  if (typeof q.id !== 'string' || !ID.test(q.id)) {
    throw new Error(`${where}.id must be lower case letters, digits and "_", starting with a letter`);
  }
  if (seen.has(q.id)) throw new Error(`${where}.id "${q.id}" is used twice; question ids must be unique`);
  seen.add(q.id);
  if (!KINDS.includes(q.kind as QuestionKind)) {
    throw new Error(`${where}.kind must be one of ${KINDS.join(', ')} (got ${JSON.stringify(q.kind)})`);
  }
  checkText(q.label, `${where}.label`);
  if (q.required !== undefined && typeof q.required !== 'boolean') {
    throw new Error(`${where}.required must be true or false`);
  }
  if (
    q.step !== undefined &&
    !(Number.isInteger(q.step) && (q.step as number) >= 1 && (q.step as number) <= 20)
  ) {
    throw new Error(`${where}.step must be a whole number from 1 to 20`);
  }
}

function checkCaseType(value: unknown, where: string): CaseTypeDefinition {
  if (!isObject(value)) throw new Error(`${where} must be an object`);
  if (typeof value.id !== 'string' || !ID.test(value.id)) {
    throw new Error(`${where}.id must be lower case letters, digits and "_" (e.g. "bicycle_claim")`);
  }
  const at = `${where} ("${value.id}")`;
  checkText(value.name, `${at}.name`);
  if (!Array.isArray(value.questions) || value.questions.length === 0) {
    throw new Error(`${at}.questions must be a non-empty array`);
  }
  const seen = new Set<string>();
  for (const [i, q] of value.questions.entries()) checkQuestion(q, `${at}.questions[${i}]`, seen);
  if (value.documents !== undefined) {
    if (!isObject(value.documents)) throw new Error(`${at}.documents must be an object { label, required? }`);
    checkText(value.documents.label, `${at}.documents.label`);
    if (value.documents.required !== undefined && typeof value.documents.required !== 'boolean') {
      throw new Error(`${at}.documents.required must be true or false`);
    }
  }
  return structuredClone(value) as unknown as CaseTypeDefinition;
}

/** Reads and validates a JSON file holding an array of case type definitions. */
function readCaseTypesFile(file: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new KlarefiConfigError(
      `caseTypesFile: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}). Point caseTypesFile at a JSON file with an array of case types.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new KlarefiConfigError(`caseTypesFile: ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) {
    throw new KlarefiConfigError(
      `caseTypesFile: ${file} must hold a JSON array of case types, e.g. [{ "id": …, "name": …, "questions": [...] }]`,
    );
  }
  return parsed;
}

/**
 * The case types an emulator serves: the built-ins, then `caseTypesFile`, then `caseTypes`, a later
 * definition replacing an earlier one with the same id. Throws `KlarefiConfigError` naming the bad field.
 */
export function resolveCaseTypes(
  caseTypes?: unknown,
  caseTypesFile?: string,
): Map<string, CaseTypeDefinition> {
  const result = new Map<string, CaseTypeDefinition>();
  for (const ct of BUILT_IN_CASE_TYPES) result.set(ct.id, ct);
  const sources: Array<[string, unknown[]]> = [];
  if (caseTypesFile !== undefined)
    sources.push([`caseTypesFile ${caseTypesFile}: [`, readCaseTypesFile(caseTypesFile)]);
  if (caseTypes !== undefined) {
    if (!Array.isArray(caseTypes))
      throw new KlarefiConfigError('caseTypes must be an array of case type definitions');
    sources.push(['caseTypes[', caseTypes]);
  }
  for (const [prefix, list] of sources) {
    list.forEach((value, i) => {
      try {
        const ct = checkCaseType(value, `${prefix}${i}]`);
        result.set(ct.id, ct);
      } catch (error) {
        if (error instanceof KlarefiConfigError) throw error;
        throw new KlarefiConfigError(`Invalid case type: ${(error as Error).message}.`);
      }
    });
  }
  return result;
}

/** The steps of a case type's questions, in order (e.g. `[1, 2]`). */
export function questionSteps(caseType: CaseTypeDefinition): number[] {
  return [...new Set(caseType.questions.map((q) => q.step ?? 1))].sort((a, b) => a - b);
}

/** The questions shown on one step. */
export function questionsOnStep(caseType: CaseTypeDefinition, step: number): CaseTypeQuestion[] {
  return caseType.questions.filter((q) => (q.step ?? 1) === step);
}
