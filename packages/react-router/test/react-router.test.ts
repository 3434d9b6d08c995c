import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { KlarefiConfigError, type KlarefiEvent } from '@klarefi/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { type KlarefiRouteArgs, type KlarefiRouteFunction, startClaim, webhooks } from '../src/index.js';
import { serveFixture } from './driver.js';
import type { TestApp } from './serve.js';

const SECRET = 'whsec_react_router_test_secret';
const MiB = 1024 * 1024;
const open: TestApp[] = [];

async function serve(routes: Record<string, KlarefiRouteFunction>): Promise<TestApp> {
  const app = await serveFixture(new Map(Object.entries(routes)));
  open.push(app);
  return app;
}

/** A signed delivery whose body is exactly `bytes` long. */
function deliveryOf(bytes: number) {
  const empty = JSON.stringify(sampleEnvelope('v1.case.completed', { note: '' }));
  const event = JSON.parse(empty);
  event.note = 'x'.repeat(bytes - Buffer.byteLength(empty));
  const delivery = signedDelivery(event, SECRET);
  expect(Buffer.byteLength(delivery.body)).toBe(bytes);
  return delivery;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((app) => app.close()));
});

describe('webhooks() on the production server', () => {
  it('accepts a 900 KB delivery at the default limit: React Router sets no body limit of its own', async () => {
    const ran: KlarefiEvent[] = [];
    const app = await serve({
      '/webhooks/klarefi': webhooks({ webhookSecret: SECRET, onEvent: (event) => void ran.push(event) }),
    });
    const delivery = deliveryOf(900 * 1024);
    const res = await app.send({ method: 'POST', path: '/webhooks/klarefi', ...delivery });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ received: true });
    expect(ran).toHaveLength(1);
  });

  it('refuses 1 MiB + 1 byte with 413 payload_too_large and runs no handler', async () => {
    const ran: KlarefiEvent[] = [];
    const app = await serve({
      '/webhooks/klarefi': webhooks({ webhookSecret: SECRET, onEvent: (event) => void ran.push(event) }),
    });
    const res = await app.send({ method: 'POST', path: '/webhooks/klarefi', ...deliveryOf(MiB + 1) });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('payload_too_large');
    expect(ran).toEqual([]);
  });

  it("serves the route file's own path (app/routes.ts decides it, not webhook.path)", async () => {
    const app = await serve({ '/hooks/claims': webhooks({ webhookSecret: SECRET }) });
    const res = await app.send({
      method: 'POST',
      path: '/hooks/claims',
      ...signedDelivery(sampleEnvelope(), SECRET),
    });
    expect(res.status).toBe(200);
  });

  it('hands event handlers the route args: { request, params, context }', async () => {
    const seen: KlarefiRouteArgs[] = [];
    const app = await serve({
      '/webhooks/klarefi': webhooks({
        webhookSecret: SECRET,
        onEvent: (_event, { request }) => void seen.push(request),
      }),
    });
    await app.send({
      method: 'POST',
      path: '/webhooks/klarefi',
      ...signedDelivery(sampleEnvelope(), SECRET),
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.request).toBeInstanceOf(Request);
    expect(seen[0]?.params).toEqual({});
    expect(seen[0]?.context).toHaveProperty('klarefiRoutes');
  });
});

describe('start-up checks', () => {
  it('startClaim() without startClaim options says what to set', () => {
    expect(() => startClaim({ webhookSecret: SECRET, apiKey: 'sk_test_rr' } as never)).toThrow(
      KlarefiConfigError,
    );
    expect(() => startClaim({ webhookSecret: SECRET, apiKey: 'sk_test_rr', startClaim: false })).toThrow(
      /caseTypeId/,
    );
  });

  it('refuses options that are not an object', () => {
    expect(() => webhooks(null as never)).toThrow(/takes options like/);
    expect(() => startClaim(undefined as never)).toThrow(KlarefiConfigError);
  });

  it('refuses a webhook route without a secret, naming KLAREFI_WEBHOOK_SECRET', () => {
    const saved = process.env.KLAREFI_WEBHOOK_SECRET;
    delete process.env.KLAREFI_WEBHOOK_SECRET;
    try {
      expect(() => webhooks({})).toThrow(/KLAREFI_WEBHOOK_SECRET/);
    } finally {
      if (saved !== undefined) process.env.KLAREFI_WEBHOOK_SECRET = saved;
    }
  });
});
