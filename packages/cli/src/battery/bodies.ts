import { sampleEvent } from '@klarefi/emulator';

/** The receiver's body limit every Klarefi adapter enforces by default: 1 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** What a battery event carries in `data`, so a receiver's log shows where it came from. */
const DATA = { message: 'A test delivery from klarefi doctor; nothing to process.' };

/**
 * A fresh `v1.webhook.test` envelope (Klarefi's own test event, which a receiver acknowledges
 * without side effects), with a new `delivery_id` unless one is given.
 */
export function testEnvelope(deliveryId?: string): Record<string, unknown> & { delivery_id: string } {
  const event: Record<string, unknown> = { ...sampleEvent('v1.webhook.test'), data: { ...DATA } };
  if (deliveryId) event.delivery_id = deliveryId;
  return event as Record<string, unknown> & { delivery_id: string };
}

/** The legacy body shape, `{ event, case_id, org_id, timestamp, data }`, of the same test event. */
export function testLegacyEvent(): Record<string, unknown> {
  return { ...sampleEvent('v1.webhook.test', { legacy: true }), data: { ...DATA } };
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
