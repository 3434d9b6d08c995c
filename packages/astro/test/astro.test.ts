import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import type { KlarefiEvent } from '@klarefi/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ASTRO_RAW_BODY_HELP, KlarefiConfigError, startClaim, webhooks } from '../src/index.js';
import { ASTRO_VERSION, routes, send, serveFixture } from './helpers.js';

const SECRET = 'whsec_astro_test_secret';
const url = serveFixture();

afterEach(() => {
  routes.clear();
  vi.unstubAllEnvs();
});

describe('@klarefi/astro endpoints in an Astro production build', () => {
  it('runs on Astro 5, the newest major that supports Node 20 (the peer range)', () => {
    expect(ASTRO_VERSION.split('.')[0]).toBe('5');
  });

  it("hands event handlers Astro's APIContext (request, url, locals)", async () => {
    const seen: Array<{ event: KlarefiEvent; pathname: string; hasLocals: boolean }> = [];
    const { ALL } = webhooks({
      webhookSecret: SECRET,
      startClaim: false,
      onEvent: (event, { request }) =>
        void seen.push({
          event,
          pathname: request.url.pathname,
          hasLocals: typeof request.locals === 'object',
        }),
    });
    routes.set('/webhooks/klarefi', ALL);
    const event = sampleEnvelope();
    const res = await send(url(), {
      method: 'POST',
      path: '/webhooks/klarefi',
      ...signedDelivery(event, SECRET),
    });
    expect(res.status).toBe(200);
    expect(seen).toEqual([{ event, pathname: '/webhooks/klarefi', hasLocals: true }]);
  });

  it('reads KLAREFI_WEBHOOK_SECRET from process.env when the options leave it out', async () => {
    vi.stubEnv('KLAREFI_WEBHOOK_SECRET', SECRET);
    const ran: unknown[] = [];
    routes.set('/webhooks/klarefi', webhooks({ startClaim: false, onEvent: (e) => void ran.push(e) }).ALL);
    const res = await send(url(), {
      method: 'POST',
      path: '/webhooks/klarefi',
      ...signedDelivery(sampleEnvelope(), SECRET),
    });
    expect(res.status).toBe(200);
    expect(ran).toHaveLength(1);
  });

  it('answers 500 raw_body_unavailable with the Astro fix when middleware read the body first, and runs no handler', async () => {
    const ran: unknown[] = [];
    routes.set(
      '/read-first/webhooks/klarefi',
      webhooks({ webhookSecret: SECRET, startClaim: false, onEvent: (e) => void ran.push(e) }).ALL,
    );
    const res = await send(url(), {
      method: 'POST',
      path: '/read-first/webhooks/klarefi',
      ...signedDelivery(sampleEnvelope(), SECRET),
    });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body).error).toEqual({
      code: 'raw_body_unavailable',
      message: ASTRO_RAW_BODY_HELP,
    });
    expect(ran).toEqual([]);
  });

  it("leaves a cross-site form-like POST to Astro's origin check (403), which JSON deliveries pass", async () => {
    const ran: unknown[] = [];
    routes.set(
      '/webhooks/klarefi',
      webhooks({ webhookSecret: SECRET, startClaim: false, onEvent: (e) => void ran.push(e) }).ALL,
    );
    const delivery = signedDelivery(sampleEnvelope(), SECRET);
    const headers = { ...delivery.headers, 'content-type': 'text/plain' };
    const res = await send(url(), {
      method: 'POST',
      path: '/webhooks/klarefi',
      headers,
      body: delivery.body,
    });
    expect(res.status).toBe(403);
    expect(ran).toEqual([]);
  });
});

describe('options are checked when the factory is called', () => {
  it('startClaim() without startClaim options says what to set', () => {
    expect(() => startClaim({ webhookSecret: SECRET, startClaim: false })).toThrow(KlarefiConfigError);
    expect(() => startClaim({ webhookSecret: SECRET, startClaim: false })).toThrow(/caseTypeId/);
  });

  it('webhooks() without a secret (options or environment) names KLAREFI_WEBHOOK_SECRET', () => {
    vi.stubEnv('KLAREFI_WEBHOOK_SECRET', undefined);
    expect(() => webhooks({ startClaim: false })).toThrow(KlarefiConfigError);
    expect(() => webhooks({ startClaim: false })).toThrow(/KLAREFI_WEBHOOK_SECRET/);
  });
});
