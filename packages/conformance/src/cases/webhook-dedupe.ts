import type { KlarefiEventContext } from '@klarefi/sdk';
import { describe, expect, it } from 'vitest';
import { sampleEnvelope, sampleLegacyEvent } from '../events.js';
import { expectError, expectReceived, expectRefused, type Harness, onRuns } from '../harness.js';
import { signedDelivery } from '../signing.js';

/** A promise with its resolver, to wait on an event instead of a timer. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Deduplication on `delivery_id`, and the claim released when a handler fails. */
export function webhookDedupeCases(h: Harness): void {
  describe('webhook: at-least-once delivery', () => {
    it('runs the handler once when the same delivery_id arrives twice (signed afresh)', async () => {
      const app = await h.open();
      const event = sampleEnvelope();
      expectReceived(await h.deliver(app, signedDelivery(event, h.secret)));
      const again = await h.deliver(app, signedDelivery(event, h.secret, { pretty: true }));
      expectReceived(again);
      expect(onRuns(h)).toBe(1);
    });

    it('answers 500 handler_failed when a handler throws, then runs it again on the retry', async () => {
      let failNext = true;
      const app = await h.open({
        on: {
          'case.completed': (event: Record<string, unknown>, context: KlarefiEventContext) => {
            h.record('on')(event, context);
            if (failNext) {
              failNext = false;
              throw new Error('conformance: database down for claimant jan@example.test');
            }
          },
        },
        onEvent: undefined,
      });
      const event = sampleEnvelope();
      const failed = await h.deliver(app, signedDelivery(event, h.secret));
      expectError(h, failed, 500, 'handler_failed');
      expect(failed.body).not.toContain('jan@example.test');
      expectReceived(await h.deliver(app, signedDelivery(event, h.secret)));
      expect(onRuns(h)).toBe(2);
      expectReceived(await h.deliver(app, signedDelivery(event, h.secret)));
      expect(onRuns(h)).toBe(2);
    });

    it('runs the handler for every copy when webhook.dedupe is false', async () => {
      const app = await h.open({ webhook: { dedupe: false } });
      const event = sampleEnvelope();
      expectReceived(await h.deliver(app, signedDelivery(event, h.secret)));
      expectReceived(await h.deliver(app, signedDelivery(event, h.secret)));
      expect(onRuns(h)).toBe(2);
    });

    it('runs the handler once for an exact replay of a legacy-shaped delivery (no delivery_id)', async () => {
      const app = await h.open();
      const delivery = signedDelivery(sampleLegacyEvent(), h.secret);
      expectReceived(await h.deliver(app, delivery));
      expectReceived(await h.deliver(app, delivery));
      expect(onRuns(h)).toBe(1);
    });

    it('does not remember a refused delivery: the genuine one with its delivery_id still runs', async () => {
      const app = await h.open();
      const event = sampleEnvelope();
      const forged = signedDelivery(event, h.oldSecret);
      expectError(h, await h.deliver(app, forged), 401, 'no_matching_signature');
      expectReceived(await h.deliver(app, signedDelivery(event, h.secret)));
      expect(onRuns(h)).toBe(1);
    });

    it('answers 409 delivery_in_progress to a copy that arrives while the first is still running', async () => {
      const entered = deferred();
      const finish = deferred();
      const app = await h.open({
        on: {
          'case.completed': async (event: Record<string, unknown>, context: KlarefiEventContext) => {
            h.record('on')(event, context);
            // Only the first run waits, so a broken dedupe fails fast instead of hanging.
            if (onRuns(h) > 1) return;
            entered.resolve();
            await finish.promise;
          },
        },
        onEvent: undefined,
      });
      const event = sampleEnvelope();
      const first = h.deliver(app, signedDelivery(event, h.secret));
      await entered.promise;
      const copy = await h.deliver(app, signedDelivery(event, h.secret)).finally(finish.resolve);
      expectError(h, copy, 409, 'delivery_in_progress');
      expect(copy.headers['retry-after']).toMatch(/^\d+$/);
      expectReceived(await first);
      expect(onRuns(h)).toBe(1);
    });

    it('fails closed with 503 dedupe_unavailable and retry-after when the dedupe store is down', async () => {
      const down = () =>
        Promise.reject(new Error('connect ECONNREFUSED redis://default:hunter2@cache.internal:6379'));
      const app = await h.open({
        webhook: { dedupe: { claim: down, complete: () => true, release: () => true } },
      });
      const res = await h.deliver(app, signedDelivery(sampleEnvelope(), h.secret));
      expectRefused(h, res, 503, 'dedupe_unavailable');
      expect(res.headers['retry-after']).toBe('10');
      expect(res.body).not.toMatch(/hunter2|cache\.internal/);
    });

    it('keeps separate deliveries apart: two delivery_ids run twice', async () => {
      const app = await h.open();
      expectReceived(await h.deliver(app, signedDelivery(sampleEnvelope(), h.secret)));
      expectReceived(await h.deliver(app, signedDelivery(sampleEnvelope(), h.secret)));
      expect(onRuns(h)).toBe(2);
    });
  });
}
