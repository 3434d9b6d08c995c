import type { KlarefiEvent } from '../types/events.js';

/**
 * The semantic name of an event, for either body shape: `"case.completed"` for a
 * `v1.case.completed` envelope and for the legacy `{ event: "case.completed" }` body.
 * Returns `undefined` when the object carries no type at all.
 */
export function eventName(event: KlarefiEvent | Record<string, unknown>): string | undefined {
  const e = event as Record<string, unknown>;
  if (typeof e.semantic_event_type === 'string' && e.semantic_event_type !== '') return e.semantic_event_type;
  if (typeof e.event_type === 'string' && e.event_type !== '') {
    return e.event_type.startsWith('v1.') ? e.event_type.slice(3) : e.event_type;
  }
  if (typeof e.event === 'string' && e.event !== '') return e.event;
  return undefined;
}

/** True for the current envelope (it has an `event_type`), false for the legacy body. */
export function isEnvelope(event: KlarefiEvent): event is Extract<KlarefiEvent, { event_type: string }> {
  return typeof (event as { event_type?: unknown }).event_type === 'string';
}
