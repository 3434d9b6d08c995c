import type { WebhookOutcome } from '@klarefi/sdk';
import { type BatteryDelivery, batteryFor, expectedRuns } from '@klarefi/sdk/testing';
import { describe, expect, it } from 'vitest';
import type { ConformanceApp, ConformanceResponse } from '../driver.js';
import { expectError, expectNoSecrets, expectReceived, expectRefused, type Harness } from '../harness.js';
import { nowSeconds } from '../signing.js';

function send(app: ConformanceApp, d: BatteryDelivery): Promise<ConformanceResponse> {
  return app.request({ method: 'POST', path: '/webhooks/klarefi', headers: d.headers, body: d.body });
}

/**
 * The receiver battery of `klarefi doctor` (`@klarefi/sdk/testing`), run in-process through the
 * adapter: the same deliveries, held to the SDK's exact answers, with the handler runs and the
 * reported outcomes the doctor cannot see from outside.
 */
export function batteryCases(h: Harness): void {
  describe('webhook: the receiver battery shared with klarefi doctor', () => {
    for (const c of batteryFor(2)) {
      it(`${c.id}: ${c.title}`, async () => {
        const outcomes: WebhookOutcome[] = [];
        const secrets = [h.secret, h.oldSecret];
        const app = await h.open({
          webhookSecret: secrets,
          webhook: { onOutcome: (outcome) => void outcomes.push(outcome) },
        });
        const deliveries = c.build({ secrets, now: nowSeconds() });
        const answers: ConformanceResponse[] = [];
        if (c.send === 'concurrent')
          answers.push(...(await Promise.all(deliveries.map((d) => send(app, d)))));
        else for (const d of deliveries) answers.push(await send(app, d));

        const limit = h.driver.parserLimitBytes;
        if (limit !== undefined && deliveries.some((d) => d.body.length > limit)) {
          // The app's own parser answered before the adapter: its 413, nothing run, nothing reported.
          for (const a of answers) expect(a.status).toBe(413);
          expectNoSecrets(h, answers[0] as ConformanceResponse);
          expect({ calls: h.calls, outcomes }).toEqual({ calls: [], outcomes: [] });
          return;
        }
        if (!c.expect.accept) {
          expectRefused(h, answers[0] as ConformanceResponse, c.expect.status, c.expect.code);
          expect(outcomes).toMatchObject([
            { outcome: 'refused', code: c.expect.code, status: c.expect.status },
          ]);
          return;
        }
        const runs = expectedRuns(c, deliveries);
        if (c.send === 'concurrent') {
          // The copy that arrives while the first runs is told to come back (409); one that
          // arrives after it finished is a duplicate (200). Either way the handler ran once.
          const received = answers.filter((a) => a.status === 200);
          expect(received.length).toBeGreaterThanOrEqual(1);
          for (const a of answers) {
            if (a.status === 200) expectReceived(a);
            else expectError(h, a, 409, 'delivery_in_progress');
          }
        } else {
          for (const a of answers) expectReceived(a);
        }
        expect(h.calls).toHaveLength(runs);
        expect(outcomes.filter((o) => o.outcome === 'processed')).toHaveLength(runs);
        expect(outcomes).toHaveLength(answers.length);
      });
    }
  });
}
