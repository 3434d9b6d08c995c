import { describe, expect, it } from 'vitest';
import type { KlarefiEvent } from '../../src/types/events.js';
import { eventName, isEnvelope } from '../../src/webhooks/event-name.js';
import { constructEvent } from '../../src/webhooks/node.js';
import { BODY, ENVELOPE, NOW, SECRET, SEED, signed } from './helpers.js';

function envelope(overrides: Record<string, unknown>): KlarefiEvent {
  const copy: Record<string, unknown> = { ...ENVELOPE, ...overrides };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete copy[key];
  return copy as KlarefiEvent;
}

describe('eventName', () => {
  it('names a current envelope by its semantic_event_type', () => {
    expect(eventName(ENVELOPE)).toBe('case.completed');
  });

  it('derives the name from event_type when semantic_event_type is absent or empty', () => {
    expect(eventName(envelope({ semantic_event_type: undefined }))).toBe('case.completed');
    expect(eventName(envelope({ semantic_event_type: '' }))).toBe('case.completed');
    expect(eventName(envelope({ semantic_event_type: undefined, event_type: 'v1.webhook.test' }))).toBe(
      'webhook.test',
    );
  });

  it('names an unknown future type instead of failing', () => {
    expect(
      eventName(envelope({ event_type: 'v1.claim.reopened', semantic_event_type: 'claim.reopened' })),
    ).toBe('claim.reopened');
    expect(eventName(envelope({ event_type: 'v1.claim.reopened', semantic_event_type: undefined }))).toBe(
      'claim.reopened',
    );
    // Only the v1. prefix is stripped: a later schema version keeps its full type.
    expect(eventName(envelope({ event_type: 'v2.case.completed', semantic_event_type: undefined }))).toBe(
      'v2.case.completed',
    );
  });

  it('names the seed body by its event field', () => {
    expect(eventName(SEED)).toBe('case.completed');
    expect(eventName({ ...SEED, event: 'case.failed' })).toBe('case.failed');
  });

  it('returns undefined for an object with no type', () => {
    expect(eventName({})).toBeUndefined();
    expect(eventName({ case_id: 'case_1', data: {} })).toBeUndefined();
    expect(eventName({ event_type: '', semantic_event_type: '', event: '' })).toBeUndefined();
    expect(eventName({ event_type: 42, event: null })).toBeUndefined();
  });

  it('names what constructEvent returns, for both body shapes', () => {
    const seedBody = JSON.stringify(SEED);
    expect(eventName(constructEvent(BODY, signed(BODY), SECRET, NOW))).toBe('case.completed');
    expect(eventName(constructEvent(seedBody, signed(seedBody), SECRET, NOW))).toBe('case.completed');
  });
});

describe('isEnvelope', () => {
  it('is true for a current envelope, known or not', () => {
    expect(isEnvelope(ENVELOPE)).toBe(true);
    expect(isEnvelope(envelope({ semantic_event_type: undefined }))).toBe(true);
    expect(isEnvelope(envelope({ event_type: 'v1.claim.reopened' }))).toBe(true);
  });

  it('is false for the seed body and for an object with no type', () => {
    expect(isEnvelope(SEED)).toBe(false);
    expect(isEnvelope({} as KlarefiEvent)).toBe(false);
  });

  it('narrows to the envelope, exposing delivery_id', () => {
    const event: KlarefiEvent = ENVELOPE;
    if (!isEnvelope(event)) throw new Error('expected an envelope');
    expect(event.delivery_id).toBe(ENVELOPE.delivery_id);
  });
});
