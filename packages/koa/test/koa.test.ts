import { signedDelivery, sampleEnvelope } from '@klarefi/conformance';
import { KlarefiClient, type KlarefiEvent } from '@klarefi/sdk';
import type Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { klarefi, KOA_RAW_BODY_HELP } from '../src/index.js';
import { KOA_MAJOR, KOA_VERSION, quietApp, send } from './helpers.js';

const SECRET = 'whsec_koa_test_secret';

function deliver(app: Koa, body: string | Uint8Array, headers: Record<string, string>) {
  return send(app, { method: 'POST', path: '/webhooks/klarefi', headers, body });
}

describe('klarefi() on Koa', () => {
  it(`runs on the Koa major this project names (${KOA_MAJOR})`, () => {
    expect(KOA_VERSION.split('.')[0]).toBe(String(KOA_MAJOR));
  });

  it('puts the client on ctx.state.klarefi and passes other paths on', async () => {
    const client = new KlarefiClient({ apiKey: 'sk_test_koa' });
    const app = quietApp();
    app.use(klarefi({ client, webhookSecret: SECRET, startClaim: false }));
    app.use((ctx) => {
      ctx.body = { same: ctx.state.klarefi === client, path: ctx.path };
    });
    const res = await send(app, { method: 'GET', path: '/orders' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ same: true, path: '/orders' });
  });

  it('hands event handlers the Koa context', async () => {
    const seen: Array<{ event: KlarefiEvent; path: string }> = [];
    const app = quietApp();
    app.use(
      klarefi({
        webhookSecret: SECRET,
        startClaim: false,
        onEvent: (event, { request }) => void seen.push({ event, path: request.path }),
      }),
    );
    const event = sampleEnvelope();
    const delivery = signedDelivery(event, SECRET);
    const res = await deliver(app, delivery.body, delivery.headers);
    expect(res.status).toBe(200);
    expect(seen).toEqual([{ event, path: '/webhooks/klarefi' }]);
  });

  it('answers 500 raw_body_unavailable with the Koa fix when a parser consumed the body and kept no bytes', async () => {
    const ran: unknown[] = [];
    const app = quietApp();
    app.use(async (ctx, next) => {
      // A parser of its own that reads the stream and keeps only the parsed value.
      let text = '';
      for await (const chunk of ctx.req) text += chunk;
      (ctx.request as { body?: unknown }).body = JSON.parse(text);
      await next();
    });
    app.use(klarefi({ webhookSecret: SECRET, startClaim: false, onEvent: (e) => void ran.push(e) }));
    const delivery = signedDelivery(sampleEnvelope(), SECRET);
    const res = await deliver(app, delivery.body, delivery.headers);
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body).error).toEqual({ code: 'raw_body_unavailable', message: KOA_RAW_BODY_HELP });
    expect(ran).toEqual([]);
  });

  it("passes a session() hook's own error to Koa's error handling", async () => {
    const errors: unknown[] = [];
    const failure = new Error('no signed-in user');
    const app = quietApp(errors);
    app.use(
      klarefi({
        apiKey: 'sk_test_koa',
        webhookSecret: SECRET,
        startClaim: {
          caseTypeId: 'motor_claim',
          session: () => {
            throw failure;
          },
        },
      }),
    );
    const res = await send(app, { method: 'GET', path: '/start-claim' });
    expect(res.status).toBe(500);
    expect(errors).toEqual([failure]);
  });
});
