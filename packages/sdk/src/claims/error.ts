import { KlarefiError } from '../errors/base.js';
import type { ValueMismatch } from './values.js';

/**
 * Thrown by `claim()` when a case's values do not match its case type (a question renamed in the
 * dashboard, a kind changed, a required answer missing). Names every mismatch at once. Thrown in a
 * handler, the delivery answers 500 and is retried, so nothing is lost once the config is fixed.
 */
export class KlarefiClaimError extends KlarefiError {
  override name = 'KlarefiClaimError';
  /** The case whose values were checked. */
  readonly caseId: string;
  /** Its case type. */
  readonly caseTypeId: string;
  /** Every value that did not match, in question order. */
  readonly mismatches: readonly ValueMismatch[];

  constructor(caseId: string, caseTypeId: string, mismatches: readonly ValueMismatch[]) {
    const list = mismatches.map((m) => `${m.feature}: expected ${m.expected}, got ${m.got}`).join('; ');
    super(
      `Case ${caseId} does not match case type "${caseTypeId}" (${mismatches.length} mismatch${mismatches.length === 1 ? '' : 'es'}): ${list}. ` +
        'Update the case type in klarefi.config to match the dashboard, then run `npx klarefi types`.',
    );
    this.caseId = caseId;
    this.caseTypeId = caseTypeId;
    this.mismatches = mismatches;
  }
}
