// The one definition lives in @klarefi/sdk, so the SDK, the emulator and the CLI read the same shape.
export type { CaseTypeDefinition, CaseTypeQuestion, LocalizedText, QuestionKind } from '@klarefi/sdk';
