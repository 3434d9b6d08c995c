import { klarefi } from '@klarefi/hono';
import { Hono } from 'hono';
import type { KlarefiTest } from '../src/index.js';

/** A small app on `@klarefi/hono`, configured from a running test emulator, that counts its handlers. */
export function honoApp(
  test: Pick<KlarefiTest, 'apiKey' | 'baseUrl' | 'webhookSecret' | 'previousWebhookSecret'>,
) {
  const completed: string[] = [];
  const order: string[] = [];
  const app = new Hono();
  app.use(
    klarefi({
      apiKey: test.apiKey,
      baseUrl: test.baseUrl,
      // Both secrets, as during a rotation: `signWith: 'previous-secret'` must still verify.
      webhookSecret: [test.webhookSecret, test.previousWebhookSecret],
      startClaim: { caseTypeId: 'motor_claim' },
      on: {
        'case.completed': (event) => {
          completed.push(String(event.case_id));
        },
      },
      onEvent: (event) => {
        order.push(String(event.event_type));
      },
    }),
  );
  /** GET /start-claim, as the claimant's browser does; resolves with the signed URL it redirects to. */
  async function startClaim(): Promise<string> {
    const res = await app.request('/start-claim');
    if (res.status !== 303) throw new Error(`start-claim answered ${res.status}: ${await res.text()}`);
    return res.headers.get('location') as string;
  }
  return { app, completed, order, startClaim };
}
