import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { KlarefiClient, type KlarefiEvent } from '@klarefi/sdk';
import { createApp, defineEventHandler } from 'h3';
import { describe, expect, it } from 'vitest';
import { defineKlarefiHandler, H3_RAW_BODY_HELP } from '../src/index.js';
import { bodyReaderFirstApp, H3_MAJOR, H3_VERSION, send } from './helpers.js';

const SECRET = 'whsec_h3_test_secret';

describe('defineKlarefiHandler() on h3', () => {
  it(`runs on the h3 major this project names (${H3_MAJOR})`, () => {
    expect(H3_VERSION.split('.')[0]).toBe(String(H3_MAJOR));
  });

  it('puts the client on event.context.klarefi and lets h3 go on for other paths', async () => {
    const client = new KlarefiClient({ apiKey: 'sk_test_h3' });
    const app = createApp();
    app.use(defineKlarefiHandler({ client, webhookSecret: SECRET, startClaim: false }));
    app.use(defineEventHandler((event) => ({ same: event.context.klarefi === client })));
    const res = await send(app, { method: 'GET', path: '/orders' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ same: true });
  });

  it('hands event handlers the H3Event', async () => {
    const seen: Array<{ event: KlarefiEvent; isH3Event: boolean }> = [];
    const app = createApp();
    app.use(
      defineKlarefiHandler({
        webhookSecret: SECRET,
        startClaim: false,
        onEvent: (event, { request }) => void seen.push({ event, isH3Event: 'context' in request }),
      }),
    );
    const event = sampleEnvelope();
    const delivery = signedDelivery(event, SECRET);
    const res = await send(app, { method: 'POST', path: '/webhooks/klarefi', ...delivery });
    expect(res.status).toBe(200);
    expect(seen).toEqual([{ event, isH3Event: true }]);
  });

  it("passes a session() hook's own error to h3's error handling", async () => {
    const app = createApp();
    app.use(
      defineKlarefiHandler({
        apiKey: 'sk_test_h3',
        webhookSecret: SECRET,
        startClaim: {
          caseTypeId: 'motor_claim',
          session: () => {
            throw new Error('no signed-in user');
          },
        },
      }),
    );
    const res = await send(app, { method: 'GET', path: '/start-claim' });
    expect(res.status).toBe(500);
    expect(res.body).not.toContain('sk_test_h3');
  });
});

// h3 1 keeps the bytes that readBody() read (conformance.test.ts runs the whole suite so); on h3 2
// the body is read once, and the handler says how to fix it instead of guessing.
describe.runIf(H3_MAJOR === 2)('a middleware that read the body first, on h3 2', () => {
  it('answers 500 raw_body_unavailable with the h3 fix, and runs no handler', async () => {
    const ran: unknown[] = [];
    const app = bodyReaderFirstApp({
      webhookSecret: SECRET,
      startClaim: false,
      onEvent: (event) => void ran.push(event),
    });
    const res = await send(app, {
      method: 'POST',
      path: '/webhooks/klarefi',
      ...signedDelivery(sampleEnvelope(), SECRET),
    });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body).error).toEqual({ code: 'raw_body_unavailable', message: H3_RAW_BODY_HELP });
    expect(ran).toEqual([]);
  });
});
