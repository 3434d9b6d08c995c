import type { Case, KlarefiClient } from '../client/index.js';
import { KlarefiConfigError, KlarefiError } from '../errors/base.js';
import type { KlarefiEvent } from '../types/events.js';
import type { Features } from '../types/features.js';
import { type CaseTypeDefinition, readCaseTypes } from './definition.js';
import { KlarefiClaimError } from './error.js';
import type { Claim, ClaimReader } from './register.js';
import { checkValues, keptCandidate } from './values.js';

/** The case types `claim()` validates against, by id. */
export type CaseTypeMap = ReadonlyMap<string, CaseTypeDefinition>;

/**
 * Checks the `caseTypes` option at start-up.
 * @throws {KlarefiConfigError} naming the bad case type and field
 */
export function caseTypeMap(caseTypes: unknown): CaseTypeMap | null {
  if (caseTypes === undefined) return null;
  return new Map(readCaseTypes(caseTypes, 'caseTypes').map((ct) => [ct.id, ct]));
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Builds `context.claim` for one delivery. The case is read at most once (the first call that needs
 * it), and only when the body lacks the features or the case type.
 */
export function createClaimReader(
  event: KlarefiEvent,
  client: KlarefiClient | null,
  caseTypes: CaseTypeMap | null,
): ClaimReader {
  const body = event as Record<string, unknown>;
  const data = record(body.data) ?? {};
  const caseId = text(body.case_id);
  let read: Promise<Case> | undefined;

  function readCase(id: string, lacking: string): Promise<Case> {
    if (!client) {
      throw new KlarefiConfigError(
        `claim() must read case ${id} because the event carries no ${lacking}; give the Klarefi options an apiKey (or client) with the cases:read scope.`,
      );
    }
    read ??= client.getCase(id).catch((error: unknown) => {
      read = undefined; // a failed read may be retried by the next call
      throw error;
    });
    return read;
  }

  async function claim(requested?: string): Promise<Claim> {
    if (caseId === undefined) {
      throw new KlarefiError(
        `claim() needs a case event; this "${String(body.event_type ?? body.event)}" event has no case_id.`,
      );
    }
    if (requested !== undefined && typeof requested !== 'string') {
      throw new KlarefiError('claim(caseTypeId) takes a case type id string, e.g. claim("motor_claim").');
    }
    const onlyType = caseTypes?.size === 1 ? [...caseTypes.keys()][0] : undefined;
    let features = record(data.features) as Features | undefined;
    let caseTypeId = requested ?? text(data.case_type_id);
    let status = text(data.case_status);
    if (features === undefined || caseTypeId === undefined) {
      const fetched = await readCase(caseId, features === undefined ? 'features' : 'case type');
      features ??= (record(fetched.features) ?? {}) as Features;
      caseTypeId ??= text(fetched.case_type_id);
      status ??= text(fetched.status);
    }
    caseTypeId ??= onlyType;
    if (caseTypeId === undefined) {
      throw new KlarefiError(
        `claim(): neither the event nor the case ${caseId} names its case type; call claim("<case type id>") in this handler.`,
      );
    }
    const named = text(data.case_type_id);
    if (requested !== undefined && named !== undefined && named !== requested) {
      throw new KlarefiError(`claim("${requested}"): case ${caseId} is a "${named}" case.`);
    }
    status ??= typeof body.event === 'string' ? body.event.replace(/^case\./, '') : 'unknown';
    const caseType = caseTypes?.get(caseTypeId);
    if (caseTypes && !caseType) {
      throw new KlarefiError(
        `claim(): case ${caseId} is of case type "${caseTypeId}", which is not in the caseTypes option (${[...caseTypes.keys()].join(', ')}). Add it to klarefi.config and run \`npx klarefi types\`.`,
      );
    }
    const names = caseType ? caseType.questions.map((q) => q.id) : Object.keys(features).sort();
    const values: Record<string, unknown> = {};
    const needsReview: string[] = [];
    for (const name of names) {
      const feature = features[name];
      if (feature === undefined) continue;
      const kept = record(feature) ? keptCandidate(feature) : undefined;
      if (kept) values[name] = kept.value_normalized;
      else needsReview.push(name);
    }
    if (caseType) {
      const mismatches = checkValues(caseType, values, new Set(needsReview));
      if (mismatches.length > 0) throw new KlarefiClaimError(caseId, caseTypeId, mismatches);
    }
    return {
      caseId,
      caseTypeId,
      status,
      features,
      values,
      needsReview,
      complete: needsReview.length === 0,
    } as Claim;
  }
  return claim as ClaimReader;
}
