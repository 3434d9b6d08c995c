import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { KlarefiClient } from '@klarefi/sdk';
import { Elysia } from 'elysia';
import { describe, expect, it } from 'vitest';
import { ELYSIA_RAW_BODY_HELP, klarefi } from '../src/index.js';
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

  it('hands event handlers the Elysia context', async () => {
    const paths: string[] = [];
    const app = new Elysia().use(
      klarefi({
        webhookSecret: SECRET,
        startClaim: false,
        onEvent: (_e, { request }) => void paths.push(request.path),
      }),
    );
    const res = await post(app, signedDelivery(sampleEnvelope(), SECRET));
    expect(res.status).toBe(200);
    expect(paths).toEqual(['/webhooks/klarefi']);
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
