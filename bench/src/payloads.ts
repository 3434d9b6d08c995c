import { Buffer } from 'node:buffer';
import { createHmac, randomBytes } from 'node:crypto';
import type { KnownEventType } from '@klarefi/sdk';

/** The signing secret every scenario uses. */
export const SECRET = `whsec_${randomBytes(24).toString('base64url')}`;

// Typed by the SDK's KNOWN_EVENT_TYPES, so the bench's event stays a documented one.
const EVENT_TYPE: KnownEventType = 'v1.case.completed';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomId(prefix: string): string {
  let id = '';
  for (const byte of randomBytes(26)) id += CROCKFORD[byte % 32];
  return `${prefix}_${id}`;
}

/**
 * A `v1.case.completed` envelope serialised to about `bytes` bytes (within a few bytes), padded
 * with extracted candidates the way a long claim form grows, so JSON.parse sees realistic
 * structure rather than one long string.
 */
export function eventBody(bytes: number): string {
  const at = new Date().toISOString();
  const caseId = randomId('case');
  const event = {
    event_id: randomId('evt'),
    delivery_id: randomId('whd'),
    event_type: EVENT_TYPE,
    semantic_event_type: EVENT_TYPE.slice('v1.'.length),
    schema_version: 'v1',
    created_at: at,
    occurred_at: at,
    org_id: 'org_bench',
    case_id: caseId,
    session_id: caseId,
    external_case_id: 'claim-1042',
    external_applicant_id: null,
    external_customer_id: null,
    idempotency_key: null,
    trace_id: 'trace-bench',
    data: { case_status: 'completed', features: {} as Record<string, unknown>, note: '' },
  };
  let n = 0;
  while (JSON.stringify(event).length < bytes - 260) {
    event.data.features[`field_${n}`] = {
      decision: { decision_id: randomId('dec'), decision: 'keep', selected_candidate_id: `cand_${n}` },
      candidates: [
        {
          candidate_id: `cand_${n}`,
          value_raw: '3 februari 2023',
          value_normalized: '2023-02-03',
          evidence_ids: [],
        },
      ],
      evidence: [],
    };
    n++;
  }
  const short = bytes - JSON.stringify(event).length;
  if (short > 0) event.data.note = 'x'.repeat(short);
  return JSON.stringify(event);
}

/** The same body with a fresh `delivery_id`, same length. */
export function withNewDeliveryId(body: string): string {
  return body.replace(/"delivery_id":"whd_[0-9A-Z]{26}"/, `"delivery_id":"${randomId('whd')}"`);
}

/** `t=<unix seconds>,v1=<hex>`: the scheme Klarefi (and Stripe) sign with. */
export function signHeader(
  body: string | Uint8Array,
  secret = SECRET,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** A delivery ready to send: body and headers, signed now (so it stays inside the 300 s tolerance). */
export function signedDelivery(
  body: string,
  secret = SECRET,
): { body: string; headers: Record<string, string> } {
  return {
    body,
    headers: { 'content-type': 'application/json', 'x-klarefi-signature': signHeader(body, secret) },
  };
}

/**
 * The peer routes' secret in the Standard Webhooks format (`whsec_` + base64 key bytes), holding
 * the same key bytes Klarefi signs with, so both verifiers hash with one key.
 */
export function peerSecret(secret = SECRET): string {
  return `whsec_${Buffer.from(secret, 'utf8').toString('base64')}`;
}

/**
 * The same body signed the Standard Webhooks way, as `standardwebhooks` verifies it:
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`.
 */
export function peerDelivery(
  body: string,
  secret = SECRET,
): { body: string; headers: Record<string, string> } {
  const id = randomId('msg');
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${id}.${timestamp}.`)
    .update(body)
    .digest('base64');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': `v1,${signature}`,
    },
  };
}

/** The delivery a scenario kind is sent: the peer routes read Standard Webhooks headers, the rest Klarefi's. */
export function deliveryFor(kind: string, body: string): { body: string; headers: Record<string, string> } {
  return kind === 'peer' ? peerDelivery(body) : signedDelivery(body);
}
