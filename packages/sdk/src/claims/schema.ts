import { type CaseTypeDefinition, checkCaseType } from './definition.js';
import type { CaseTypeId, CaseTypeValues } from './register.js';
import { checkValues } from './values.js';

/** The Standard Schema v1 interface (standardschema.dev), declared here so the SDK stays dependency-free. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (
      value: unknown,
    ) => StandardSchemaV1.Result<Output> | Promise<StandardSchemaV1.Result<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

export declare namespace StandardSchemaV1 {
  /** A success (`value`) or a failure (`issues`). */
  export type Result<Output> =
    | { readonly value: Output; readonly issues?: undefined }
    | { readonly issues: ReadonlyArray<Issue> };
  /** One problem, with the path of the value it concerns. */
  export interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
  }
}

/**
 * A Standard Schema for a case type's values (what `claim().values` holds), so any library that
 * speaks Standard Schema (tRPC, TanStack Form, Hono's validator, …) can check them. Each
 * question's value must have its kind; required ones must be present; unknown keys are refused,
 * so a renamed question shows up.
 * @example
 * const result = await caseTypeSchema(motorClaim)['~standard'].validate(values);
 * @throws {KlarefiConfigError} when the definition itself is invalid
 */
export function caseTypeSchema<const T extends CaseTypeDefinition>(
  caseType: T,
): StandardSchemaV1<unknown, T['id'] extends CaseTypeId ? CaseTypeValues<T['id']> : Record<string, unknown>> {
  const checked = checkCaseType(caseType, 'caseTypeSchema()');
  const known = new Set(checked.questions.map((q) => q.id));
  return {
    '~standard': {
      version: 1,
      vendor: 'klarefi',
      validate(value) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          return { issues: [{ message: `Expected the values of "${checked.id}" as an object.` }] };
        }
        const values = value as Record<string, unknown>;
        const issues: StandardSchemaV1.Issue[] = checkValues(checked, values).map((m) => ({
          message: `${checked.id}.${m.feature}: expected ${m.expected}, got ${m.got}.`,
          path: [m.feature],
        }));
        for (const key of Object.keys(values).sort()) {
          if (!known.has(key))
            issues.push({ message: `${checked.id} has no question "${key}".`, path: [key] });
        }
        return issues.length > 0 ? { issues } : { value: values as never };
      },
    },
  };
}
