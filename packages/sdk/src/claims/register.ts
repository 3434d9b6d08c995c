import type { CaseStatus, Features } from '../types/features.js';

/**
 * Registers your case types with the SDK. `npx klarefi types` writes a `klarefi-env.d.ts` that
 * augments it, so `claim()` returns values typed by your own questions:
 * ```ts
 * declare module '@klarefi/sdk' {
 *   interface Register { caseTypes: { motor_claim: MotorClaimValues } }
 * }
 * ```
 * Left empty, claims are untyped (`Record<string, unknown>`) and everything still works.
 */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by the generated klarefi-env.d.ts
export interface Register {}

/** An amount of money, as `amount` questions are normalised. */
export interface Money {
  /** The amount in the currency's main unit, e.g. `1250.5`. */
  amount: number;
  /** The ISO 4217 code, e.g. `"EUR"`. */
  currency: string;
}

/** The registered case types' values, keyed by case type id; `never` until registered. */
export type RegisteredCaseTypes = Register extends { caseTypes: infer C extends object } ? C : never;

/** A registered case type id, or `string` when none are registered. */
export type CaseTypeId = [RegisteredCaseTypes] extends [never] ? string : keyof RegisteredCaseTypes & string;

/** The values of one case type by id: the registered shape, or `Record<string, unknown>`. */
export type CaseTypeValues<K extends string> = [RegisteredCaseTypes] extends [never]
  ? Record<string, unknown>
  : K extends keyof RegisteredCaseTypes
    ? RegisteredCaseTypes[K]
    : never;

interface ClaimFacts {
  /** The case (and session) id. */
  caseId: string;
  /** The case's status from the event, else from the case read. */
  status: CaseStatus;
  /** Every feature with its decision, candidates and evidence, as the service sent them. */
  features: Features;
}

/**
 * A claim of one case type. `complete` is `true` when every feature was kept: then `values` holds
 * every required question. While features await review they are listed in `needsReview` and
 * missing from `values`.
 */
export type ClaimOf<K extends string, V = CaseTypeValues<K>> = ClaimFacts & {
  /** The case type, e.g. `"motor_claim"`: check it to narrow `values`. */
  caseTypeId: K;
} & (
    | {
        /** Every feature was kept. */
        complete: true;
        /** Each question's kept value, typed by its kind. */
        values: V;
        /** Empty: nothing awaits review. */
        needsReview: [];
      }
    | {
        /** Some features await review (see `needsReview`). */
        complete: false;
        /** The kept values; features in review are `undefined`. */
        values: Partial<V>;
        /** The features whose decision is not `keep`. */
        needsReview: Array<keyof V & string>;
      }
  );

/** The claim a handler gets: one of the registered case types (check `caseTypeId`), or untyped. */
export type Claim = [RegisteredCaseTypes] extends [never]
  ? ClaimOf<string, Record<string, unknown>>
  : { [K in keyof RegisteredCaseTypes & string]: ClaimOf<K> }[keyof RegisteredCaseTypes & string];

/**
 * `context.claim()` in an event handler: the case's values, typed and checked against its case
 * type. Reads the case (one `GET /cases/{id}`) only for what the body lacks, once per delivery.
 * Pass a case type id when neither the event nor the case names it.
 */
export interface ClaimReader {
  (): Promise<Claim>;
  <K extends CaseTypeId>(caseTypeId: K): Promise<ClaimOf<K>>;
}
