/**
 * @module
 * `@klarefi/sdk/claims`: case types as code. `defineCaseType`/`defineConfig` for
 * `klarefi.config.ts`, the checks `klarefi types` and the emulator run on them, and the Standard
 * Schema of a case type's values. A handler's `claim()` needs none of this imported: pass
 * `caseTypes` to the options.
 */
export {
  type CaseTypeDefinition,
  type CaseTypeId,
  type CaseTypeQuestion,
  type CaseTypeValues,
  type Claim,
  type ClaimOf,
  type ClaimReader,
  caseTypeSchema,
  checkCaseType,
  checkValues,
  defineCaseType,
  defineConfig,
  type KlarefiConfig,
  KlarefiClaimError,
  type LocalizedText,
  type Money,
  QUESTION_KINDS,
  type QuestionKind,
  type Register,
  type RegisteredCaseTypes,
  readCaseTypes,
  type StandardSchemaV1,
  type ValueMismatch,
} from '../claims/index.js';
