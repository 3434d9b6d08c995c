import { randomBytes, randomUUID } from 'node:crypto';
import { DEFAULT_MAX_BODY_BYTES } from '../../handler/resolve.js';

/** The receiver's body limit every Klarefi adapter enforces by default: 1 MiB. */
export const MAX_BODY_BYTES: number = DEFAULT_MAX_BODY_BYTES;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A fresh ULID-shaped id with a prefix, e.g. `whd_01J…`. */
function freshId(prefix: string): string {
  let id = '';
  for (const byte of randomBytes(26)) id += CROCKFORD[byte % 32];
  return `${prefix}_${id}`;
}

/** What a battery event carries in `data`, so a receiver's log shows where it came from. */
const DATA = { message: 'A test delivery from the Klarefi receiver battery; nothing to process.' };

/**
 * A fresh `v1.webhook.test` envelope (Klarefi's own test event, which a receiver acknowledges
 * without side effects), with a new `delivery_id` unless one is given.
 */
export function testEnvelope(deliveryId?: string): Record<string, unknown> & { delivery_id: string } {
  const at = new Date().toISOString();
  return {
    event_id: freshId('evt'),
    delivery_id: deliveryId ?? freshId('whd'),
    event_type: 'v1.webhook.test',
    semantic_event_type: 'webhook.test',
    schema_version: 'v1',
    created_at: at,
    occurred_at: at,
    org_id: 'org_battery',
    case_id: null,
    session_id: null,
    external_case_id: null,
    external_applicant_id: null,
    external_customer_id: null,
    idempotency_key: null,
    trace_id: freshId('trc'),
    data: { ...DATA },
  };
}

/** The legacy body shape, `{ event, case_id, org_id, timestamp, data }`, of the same test event. */
export function testLegacyEvent(): Record<string, unknown> {
  return {
    event: 'webhook.test',
    case_id: randomUUID(),
    org_id: 'org_battery',
    timestamp: new Date().toISOString(),
    data: { ...DATA },
  };
}

/** `value` with the keys of every object in reverse alphabetical order, which no serialiser produces. */
export function reverseSortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseSortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).sort().reverse();
  return Object.fromEntries(
    keys.map((key) => [key, reverseSortedKeys((value as Record<string, unknown>)[key])]),
  );
}

/** The compact body with `extra` (raw JSON text, without braces) added as the last members. */
export function withRawMembers(event: object, extra: string): string {
  return `${JSON.stringify(event).slice(0, -1)},${extra}}`;
}

/** Whitespace no serialiser writes: tabs, spaces before colons, CRLF line ends, a final line break. */
export function oddlySpaced(event: object): string {
  return `${JSON.stringify(event, null, '\t').replace(/": /g, '" : ').replace(/\n/g, '\r\n')}\r\n`;
}

/** A compact envelope padded with a string in `data` to exactly `bytes` bytes of UTF-8. */
export function paddedTo(bytes: number, deliveryId?: string): string {
  const event = testEnvelope(deliveryId);
  const base = withRawMembers(event, '"padding":""');
  const fill = bytes - Buffer.byteLength(base);
  if (fill < 0) throw new RangeError(`paddedTo: ${bytes} bytes is smaller than the envelope itself.`);
  return withRawMembers(event, `"padding":"${'x'.repeat(fill)}"`);
}
