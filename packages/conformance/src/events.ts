import { randomBytes, randomUUID } from 'node:crypto';
import type { KnownEventType } from '@klarefi/sdk';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random ULID-shaped id (26 Crockford base-32 characters) with a prefix, e.g. `whd_...`. */
export function randomId(prefix: string): string {
  const bytes = randomBytes(26);
  let id = '';
  for (const byte of bytes) id += CROCKFORD[byte % 32];
  return `${prefix}_${id}`;
}

/**
 * A current-shape event envelope (what Klarefi sends today) with fresh `event_id` and
 * `delivery_id` on every call.
 * @param type The `event_type`. @default "v1.case.completed"
 * @param overrides Fields to replace or add, e.g. `{ delivery_id: 'whd_same' }`.
 */
export function sampleEnvelope(
  type: KnownEventType | (string & {}) = 'v1.case.completed',
  overrides: Record<string, unknown> = {},
): Record<string, unknown> & { event_type: string; delivery_id: string } {
  const caseId = randomUUID();
  const at = new Date().toISOString();
  const semantic = type.startsWith('v1.') ? type.slice(3) : type;
  return {
    event_id: randomId('evt'),
    delivery_id: randomId('whd'),
    event_type: type,
    semantic_event_type: semantic,
    schema_version: 'v1',
    created_at: at,
    occurred_at: at,
    org_id: 'org_conformance',
    case_id: caseId,
    session_id: caseId,
    external_case_id: 'claim-1042',
    external_applicant_id: null,
    external_customer_id: null,
    idempotency_key: null,
    trace_id: 'trace-conformance',
    data: {
      case_status: 'completed',
      features: {
        incident_date: {
          decision: { decision_id: randomId('dec'), decision: 'keep', selected_candidate_id: 'cand_1' },
          candidates: [
            {
              candidate_id: 'cand_1',
              value_raw: '3 februari 2023',
              value_normalized: '2023-02-03',
              evidence_ids: [],
            },
          ],
          evidence: [],
        },
      },
    },
    ...overrides,
  };
}

/** The legacy body shape, `{ event: "case.completed", case_id, org_id, timestamp, data }`, still accepted. */
export function sampleLegacyEvent(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> & { event: string } {
  return {
    event: 'case.completed',
    case_id: randomUUID(),
    org_id: 'org_conformance',
    timestamp: new Date().toISOString(),
    data: {
      features: {
        incident_date: {
          decision: { decision: 'keep' },
          candidates: [{ value_normalized: '2023-02-03' }],
        },
      },
    },
    ...overrides,
  };
}
