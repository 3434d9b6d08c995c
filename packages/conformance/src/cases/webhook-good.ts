import { KNOWN_EVENT_TYPES } from '@klarefi/sdk/adapter';
import { describe, expect, it } from 'vitest';
import { sampleEnvelope, sampleLegacyEvent } from '../events.js';
import {
  expectReceived,
  expectRefused,
  type Harness,
  onRuns,
  PINNED_NOW_S,
  pinnedClock as pinned,
} from '../harness.js';
import { signatureHeader, signedDelivery } from '../signing.js';

function reorderKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).reverse());
}

/** Webhook deliveries that must be accepted, and what the handlers receive. */
export function webhookGoodCases(h: Harness): void {
  describe('webhook: accepted deliveries', () => {
    it('answers 200 {"received":true} to a v1.case.completed envelope and runs on["case.completed"] once', async () => {
      const app = await h.open();
      const event = sampleEnvelope();
      const res = await h.deliver(app, signedDelivery(event, h.secret));
      expectReceived(res);
      const runs = h.calls.filter((c) => c.via === 'on');
      expect(runs).toHaveLength(1);
      expect(runs[0]?.event).toEqual(event);
      expect(runs[0]?.context).toMatchObject({ name: 'case.completed', deliveryId: event.delivery_id });
      expect(runs[0]?.context.request).toBeTruthy();
    });

    it("delivers the legacy { event: 'case.completed' } body to the same handler", async () => {
      const app = await h.open();
      const event = sampleLegacyEvent();
      expectReceived(await h.deliver(app, signedDelivery(event, h.secret)));
      const runs = h.calls.filter((c) => c.via === 'on');
      expect(runs).toHaveLength(1);
      expect(runs[0]?.event).toEqual(event);
      expect(runs[0]?.context).toMatchObject({ name: 'case.completed', deliveryId: null });
    });

    it('runs the on handler, then onEvent, for the same event', async () => {
      const app = await h.open();
      const event = sampleEnvelope();
      expectReceived(await h.deliver(app, signedDelivery(event, h.secret)));
      expect(h.calls.map((c) => c.via)).toEqual(['on', 'onEvent']);
      expect(h.calls[1]?.event).toEqual(event);
    });

    it('runs on[name] for every documented event type (KNOWN_EVENT_TYPES), by its semantic name', async () => {
      const names = KNOWN_EVENT_TYPES.map((type) => type.slice('v1.'.length));
      const app = await h.open({
        on: Object.fromEntries(names.map((n) => [n, h.record('on')])),
        onEvent: undefined,
      });
      for (const type of KNOWN_EVENT_TYPES) {
        expectReceived(await h.deliver(app, signedDelivery(sampleEnvelope(type), h.secret)));
      }
      expect(h.calls.map((c) => c.context.name)).toEqual(names);
    });

    it('hands an unknown event type (v1.something.new) to onEvent', async () => {
      const app = await h.open();
      const event = sampleEnvelope('v1.something.new', { data: { anything: true } });
      expectReceived(await h.deliver(app, signedDelivery(event, h.secret)));
      expect(h.calls).toHaveLength(1);
      expect(h.calls[0]).toMatchObject({ via: 'onEvent', event, context: { name: 'something.new' } });
    });

    it('acknowledges an event no handler is registered for', async () => {
      const app = await h.open({ on: {}, onEvent: undefined });
      expectReceived(await h.deliver(app, signedDelivery(sampleEnvelope('v1.case.processing'), h.secret)));
    });

    it('accepts handler keys written with the v1. prefix', async () => {
      const app = await h.open({ on: { 'v1.case.failed': h.record('on') }, onEvent: undefined });
      expectReceived(await h.deliver(app, signedDelivery(sampleEnvelope('v1.case.failed'), h.secret)));
      expect(onRuns(h)).toBe(1);
    });

    it('verifies the raw bytes: a pretty-printed body signed as sent is accepted', async () => {
      const app = await h.open();
      const event = sampleEnvelope();
      expectReceived(await h.deliver(app, signedDelivery(event, h.secret, { pretty: true })));
      expect(h.calls[0]?.event).toEqual(event);
    });

    it('verifies the raw bytes: a key-reordered body signed as sent is accepted', async () => {
      const app = await h.open();
      const event = sampleEnvelope();
      const body = JSON.stringify(reorderKeys(event));
      expectReceived(await h.deliver(app, signedDelivery(body, h.secret)));
      expect(h.calls[0]?.event).toEqual(event);
    });

    it('verifies the raw bytes: escapes and number forms a JSON parser would rewrite are accepted as sent', async () => {
      const app = await h.open();
      const compact = JSON.stringify(sampleEnvelope());
      const body = `${compact.slice(0, -1)},"note":"caf\\u00e9 \\/ claims","amount":1.0}`;
      expectReceived(await h.deliver(app, signedDelivery(body, h.secret)));
      expect(h.calls[0]?.event).toMatchObject({ note: 'café / claims', amount: 1 });
    });

    it('accepts a body that starts with a UTF-8 BOM, signed as bytes', async () => {
      const app = await h.open();
      const event = sampleEnvelope();
      const body = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify(event))]);
      const headers = {
        'content-type': 'application/json',
        'x-klarefi-signature': signatureHeader(body, h.secret),
      };
      const res = await app.request({ method: 'POST', path: '/webhooks/klarefi', headers, body });
      if (h.driver.bodyDecodedBeforeAdapter) {
        expectRefused(h, res, 401, 'no_matching_signature');
        return;
      }
      expectReceived(res);
      expect(h.calls[0]?.event).toEqual(event);
    });

    it('accepts invalid UTF-8 inside a string value, signed as bytes', async () => {
      const app = await h.open();
      const event = sampleEnvelope();
      const [head, tail] = JSON.stringify({ ...event, note: '@' }).split('"@"') as [string, string];
      const enc = new TextEncoder();
      const body = new Uint8Array([...enc.encode(`${head}"`), 0xff, 0xfe, ...enc.encode(`"${tail}`)]);
      const headers = {
        'content-type': 'application/json',
        'x-klarefi-signature': signatureHeader(body, h.secret),
      };
      const res = await app.request({ method: 'POST', path: '/webhooks/klarefi', headers, body });
      if (h.driver.bodyDecodedBeforeAdapter) {
        expectRefused(h, res, 401, 'no_matching_signature');
        return;
      }
      expectReceived(res);
      expect(onRuns(h)).toBe(1);
    });

    for (const skew of [-300, 300]) {
      it(`accepts a timestamp ${Math.abs(skew)} s in the ${skew < 0 ? 'past' : 'future'} (the tolerance boundary)`, async () => {
        const app = await h.open({ webhook: pinned });
        const delivery = signedDelivery(sampleEnvelope(), h.secret, { timestamp: PINNED_NOW_S + skew });
        expectReceived(await h.deliver(app, delivery));
        expect(onRuns(h)).toBe(1);
      });
    }

    it('accepts a body signed with the old secret while [new, old] are configured', async () => {
      const app = await h.open({ webhookSecret: [h.secret, h.oldSecret] });
      expectReceived(await h.deliver(app, signedDelivery(sampleEnvelope(), h.oldSecret)));
      expect(onRuns(h)).toBe(1);
    });

    it('accepts a rotation header with two v1 (old and new) when only the new secret is configured', async () => {
      const app = await h.open();
      const delivery = signedDelivery(sampleEnvelope(), [h.oldSecret, h.secret]);
      expect(delivery.headers['x-klarefi-signature']?.match(/v1=/g)).toHaveLength(2);
      expectReceived(await h.deliver(app, delivery));
      expect(onRuns(h)).toBe(1);
    });

    it('serves a custom webhook.path', async () => {
      const app = await h.open({ webhook: { path: '/hooks/claims' } });
      expectReceived(await h.deliver(app, signedDelivery(sampleEnvelope(), h.secret), '/hooks/claims'));
      expect(onRuns(h)).toBe(1);
    });

    it('serves the webhook path when the endpoint URL carries a query string', async () => {
      const app = await h.open();
      expectReceived(
        await h.deliver(app, signedDelivery(sampleEnvelope(), h.secret), '/webhooks/klarefi?source=klarefi'),
      );
      expect(onRuns(h)).toBe(1);
    });

    it('honours a custom webhook.toleranceSeconds (60 s old is accepted)', async () => {
      const app = await h.open({ webhook: { ...pinned, toleranceSeconds: 60 } });
      expectReceived(
        await h.deliver(app, signedDelivery(sampleEnvelope(), h.secret, { timestamp: PINNED_NOW_S - 60 })),
      );
      expect(onRuns(h)).toBe(1);
    });

    it('accepts a body of exactly webhook.maxBodyBytes', async () => {
      const event = sampleEnvelope();
      const body = JSON.stringify(event);
      const app = await h.open({ webhook: { maxBodyBytes: new TextEncoder().encode(body).length } });
      expectReceived(await h.deliver(app, signedDelivery(body, h.secret)));
      expect(onRuns(h)).toBe(1);
    });
  });
}
