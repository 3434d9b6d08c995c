import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { KlarefiClient } from '@klarefi/sdk';
import { Elysia } from 'elysia';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ELYSIA_RAW_BODY_HELP, type KlarefiElysiaContext, klarefi } from '../src/index.js';
import { jsonParser } from './driver.js';

const SECRET = 'whsec_elysia_test_secret';
const post = (
  app: Elysia<any, any, any, any, any, any, any>,
  delivery: { headers: Record<string, string>; body: string },
) => app.handle(new Request('http://localhost/webhooks/klarefi', { method: 'POST', ...delivery }));

describe('klarefi() on Elysia', () => {
  it('decorates the context with the client, and leaves other routes alone', async () => {
    const client = new KlarefiClient({ apiKey: 'sk_test_elysia' });
    const app = new Elysia()
      .use(klarefi({ client, webhookSecret: SECRET, startClaim: false }))
      .get('/orders', ({ klarefi: c }) => ({ same: c === client }));
    const res = await app.handle(new Request('http://localhost/orders'));
    expect(await res.json()).toEqual({ same: true });
    expect((await app.handle(new Request('http://localhost/start-claim'))).status).toBe(404);
  });

  it('hands event handlers and session() the request part of the context: request, path, query, store', async () => {
    const seen: KlarefiElysiaContext[] = [];
    const app = new Elysia().state('tenant', 'acme').use(
      klarefi({
        client: new KlarefiClient({ apiKey: 'sk_test_elysia' }),
        webhookSecret: SECRET,
        startClaim: {
          caseTypeId: 'motor_claim',
          session: (ctx) => {
            seen.push(ctx);
            throw new Error('stop before the API is called');
          },
        },
        onEvent: (_e, { request }) => {
          expectTypeOf(request).toEqualTypeOf<KlarefiElysiaContext>();
          seen.push(request);
        },
      }),
    );
    expect((await post(app, signedDelivery(sampleEnvelope(), SECRET))).status).toBe(200);
    expect((await app.handle(new Request('http://localhost/start-claim?policy=P-1'))).status).toBe(500);
    expect(seen.map((ctx) => Object.keys(ctx).sort())).toEqual([
      ['path', 'query', 'request', 'store'],
      ['path', 'query', 'request', 'store'],
    ]);
    const [event, session] = seen as [KlarefiElysiaContext, KlarefiElysiaContext];
    expect(event.request).toBeInstanceOf(Request);
    expect([event.path, event.query, event.store]).toEqual(['/webhooks/klarefi', {}, { tenant: 'acme' }]);
    expect([session.path, session.query]).toEqual(['/start-claim', { policy: 'P-1' }]);
  });

  it('answers 500 raw_body_unavailable with the Elysia fix when a parser registered before it read the body', async () => {
    const ran: unknown[] = [];
    const app = new Elysia()
      .onParse(jsonParser)
      .use(klarefi({ webhookSecret: SECRET, startClaim: false, onEvent: (e) => void ran.push(e) }));
    const delivery = signedDelivery(sampleEnvelope(), SECRET);
    // A server sets content-length; a Request built in a test does not.
    const headers = { ...delivery.headers, 'content-length': String(Buffer.byteLength(delivery.body)) };
    const res = await post(app, { headers, body: delivery.body });
    expect(res.status).toBe(500);
    expect((await res.json()).error).toEqual({ code: 'raw_body_unavailable', message: ELYSIA_RAW_BODY_HELP });
    expect(ran).toEqual([]);
  });
});
