import { constructEvent, createSignatureHeader } from '@klarefi/sdk';
import { describe, expect, it } from 'vitest';
import { KNOWN_EVENT_TYPES, sampleEvent } from '../src/index.js';

describe('sampleEvent', () => {
  it.each(KNOWN_EVENT_TYPES.map((t) => [t]))('%s is a complete current envelope', (type) => {
    const event = sampleEvent(type);
    expect(event).toMatchObject({
      event_id: expect.stringMatching(/^evt_[0-9A-Z]{26}$/),
      delivery_id: expect.stringMatching(/^whd_[0-9A-Z]{26}$/),
      event_type: type,
      semantic_event_type: type.slice(3),
      schema_version: 'v1',
      org_id: 'org_emulator',
      data: expect.any(Object),
    });
    for (const key of [
      'created_at',
      'occurred_at',
      'case_id',
      'session_id',
      'external_case_id',
      'idempotency_key',
      'trace_id',
    ]) {
      expect(event).toHaveProperty(key);
    }
  });

  it('accepts the semantic name and carries realistic features on case.completed', () => {
    const event = sampleEvent('case.completed', { caseId: 'case-1', orgId: 'org_x' }) as any;
    expect(event).toMatchObject({ event_type: 'v1.case.completed', case_id: 'case-1', org_id: 'org_x' });
    expect(event.data.case_status).toBe('completed');
    expect(event.data.features.incident_date.candidates[0]).toMatchObject({
      value_raw: '3 februari 2023',
      value_normalized: '2023-02-03',
    });
    expect(event.data.features.damage_amount.candidates[0].value_normalized).toEqual({
      amount: 1234.56,
      currency: 'EUR',
    });
    expect(event.data.features.license_plate.decision.decision).toBe('keep');
  });

  it('builds the seed shape with legacy: true', () => {
    const event = sampleEvent('v1.case.completed', { legacy: true, caseId: 'case_abc123' }) as any;
    expect(Object.keys(event).sort()).toEqual(['case_id', 'data', 'event', 'org_id', 'timestamp']);
    expect(event.event).toBe('case.completed');
    expect(event.data.features.incident_date.decision.decision).toBe('keep');
    expect(event.data.features.incident_date.candidates[0].value_normalized).toBe('2023-02-03');
  });

  it('has no case on webhook events, and empty data on an undocumented type', () => {
    expect(sampleEvent('webhook.test')).toMatchObject({ case_id: null, session_id: null });
    expect(sampleEvent('v1.claim.reopened')).toMatchObject({ event_type: 'v1.claim.reopened', data: {} });
  });

  it('throws a TypeError listing the documented types for a malformed name', () => {
    expect(() => sampleEvent('completed')).toThrow(TypeError);
    expect(() => sampleEvent('Case Completed!')).toThrow(/v1\.case\.completed/);
  });

  it('round-trips through createSignatureHeader and constructEvent', () => {
    const secret = 'whsec_sample_roundtrip_1';
    const body = JSON.stringify(sampleEvent('case.needs_review'));
    const event = constructEvent(body, createSignatureHeader({ payload: body, secrets: secret }), secret);
    expect((event as any).event_type).toBe('v1.case.needs_review');
  });
});
