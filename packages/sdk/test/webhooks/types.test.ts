// Type-level tests: `npx tsc -p tsconfig.json` checks them (expectTypeOf is a no-op at run time).
import { describe, expectTypeOf, it } from 'vitest';
import type { EventFor, KlarefiEnvelope, KlarefiEvent, LegacyCaseEvent } from '../../src/types/events.js';
import type { Features } from '../../src/types/features.js';
import { type DedupeState, type DedupeStore, MemoryDedupeStore } from '../../src/webhooks/dedupe.js';
import type { KlarefiWebhookSignatureError, WebhookSignatureErrorCode } from '../../src/errors/signature.js';
import { eventName } from '../../src/webhooks/event-name.js';
import { constructEvent, generateTestHeader } from '../../src/webhooks/node.js';
import { constructEventAsync, generateTestHeaderAsync } from '../../src/webhooks/web-crypto.js';

describe('webhook types', () => {
  it('constructEvent returns KlarefiEvent; constructEventAsync a promise of it', () => {
    expectTypeOf(constructEvent).returns.toEqualTypeOf<KlarefiEvent>();
    expectTypeOf(constructEventAsync).returns.toEqualTypeOf<Promise<KlarefiEvent>>();
    expectTypeOf(constructEvent).parameter(0).toEqualTypeOf<string | Uint8Array | ArrayBuffer>();
    expectTypeOf(constructEvent).parameter(2).toEqualTypeOf<string | readonly string[]>();
    expectTypeOf(generateTestHeader).returns.toEqualTypeOf<string>();
    expectTypeOf(generateTestHeaderAsync).returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf(eventName).returns.toEqualTypeOf<string | undefined>();
  });

  it("EventFor<'case.completed'> covers the seed body and the v1 envelope with data.features", () => {
    type Completed = EventFor<'case.completed'>;
    const seed = {
      event: 'case.completed',
      case_id: 'case_abc123',
      org_id: 'org_xyz',
      timestamp: '2026-01-15T10:30:00Z',
      data: {
        features: {
          incident_date: { decision: { decision: 'keep' }, candidates: [{ value_normalized: '2023-02-03' }] },
        },
      },
    } satisfies Completed;
    expectTypeOf(seed).toExtend<Completed>();
    expectTypeOf<LegacyCaseEvent<'case.completed'>>().toExtend<Completed>();

    type Envelope = Extract<Completed, { event_type: string }>;
    expectTypeOf<Envelope['event_type']>().toEqualTypeOf<'v1.case.completed'>();
    expectTypeOf<Envelope['semantic_event_type']>().toEqualTypeOf<'case.completed'>();
    expectTypeOf<Envelope['data']['features']>().toEqualTypeOf<Features | undefined>();
    expectTypeOf<Envelope['delivery_id']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<Completed, { event: string }>['event']>().toEqualTypeOf<'case.completed'>();
    // Another documented event is not part of it.
    expectTypeOf<KlarefiEnvelope<'v1.case.failed'>>().not.toExtend<Completed>();
  });

  it('an unknown event name still gets a usable envelope type', () => {
    expectTypeOf<KlarefiEnvelope>().toExtend<EventFor<'claim.reopened'>>();
    expectTypeOf<KlarefiEnvelope>().toExtend<KlarefiEvent>();
  });

  it("KlarefiWebhookSignatureError['code'] is the union of the six codes", () => {
    expectTypeOf<KlarefiWebhookSignatureError['code']>().toEqualTypeOf<
      | 'missing_header'
      | 'malformed_header'
      | 'timestamp_outside_tolerance'
      | 'no_matching_signature'
      | 'invalid_payload_type'
      | 'invalid_json'
    >();
    expectTypeOf<KlarefiWebhookSignatureError['code']>().toEqualTypeOf<WebhookSignatureErrorCode>();
  });

  it('MemoryDedupeStore and an async store both satisfy DedupeStore', () => {
    expectTypeOf<MemoryDedupeStore>().toExtend<DedupeStore>();
    expectTypeOf<{
      claim(key: string, token: string, ttlMs: number): Promise<DedupeState>;
      complete(key: string, token: string, ttlMs: number): Promise<boolean>;
      release(key: string, token: string): Promise<boolean>;
    }>().toExtend<DedupeStore>();
    expectTypeOf<DedupeState>().toEqualTypeOf<'claimed' | 'processing' | 'done'>();
  });
});
