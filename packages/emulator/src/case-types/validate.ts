import { readFileSync } from 'node:fs';
import { KlarefiConfigError } from '@klarefi/sdk';
import { checkCaseType } from '@klarefi/sdk/claims';
import { BUILT_IN_CASE_TYPES } from './builtins.js';
import type { CaseTypeDefinition, CaseTypeQuestion } from './types.js';

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
  // The same shapes klarefi.config.json takes: an array, or { "caseTypes": [...] }.
  const list =
    parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as { caseTypes?: unknown }).caseTypes
      : parsed;
  if (!Array.isArray(list)) {
    throw new KlarefiConfigError(
      `caseTypesFile: ${file} must hold a JSON array of case types, e.g. [{ "id": …, "name": …, "questions": [...] }], or { "caseTypes": [...] }`,
    );
  }
  return list;
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
