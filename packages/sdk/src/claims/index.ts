export { type CaseTypeMap, caseTypeMap, createClaimReader } from './claim.js';
export {
  type CaseTypeDefinition,
  type CaseTypeQuestion,
  checkCaseType,
  defineCaseType,
  defineConfig,
  type KlarefiConfig,
  type LocalizedText,
  QUESTION_KINDS,
  type QuestionKind,
  readCaseTypes,
} from './definition.js';
export { KlarefiClaimError } from './error.js';
export type {
  CaseTypeId,
  CaseTypeValues,
  Claim,
  ClaimOf,
  ClaimReader,
  Money,
  Register,
  RegisteredCaseTypes,
} from './register.js';
export { caseTypeSchema, type StandardSchemaV1 } from './schema.js';
export { checkValues, type ValueMismatch } from './values.js';
