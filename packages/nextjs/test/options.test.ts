import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { KlarefiConfigError } from '@klarefi/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { klarefi, startClaim, webhooks } from '../src/index.js';

afterEach(() => vi.unstubAllEnvs());

const post = (path: string, delivery: { body: string; headers: Record<string, string> }) =>
  new Request(`http://localhost:3000${path}`, { method: 'POST', ...delivery });

describe('secrets from process.env, at request time', () => {
  it('creates the handlers without any secret (next build imports the route), then reads them per request', async () => {
    vi.stubEnv('KLAREFI_WEBHOOK_SECRET', '');
    const { POST } = webhooks({ startClaim: false });
    vi.stubEnv('KLAREFI_WEBHOOK_SECRET', 'whsec_from_env');
    const res = await POST(post('/webhooks/klarefi', signedDelivery(sampleEnvelope(), 'whsec_from_env')));
    expect(res.status).toBe(200);
  });

  it('throws a config error naming KLAREFI_WEBHOOK_SECRET when neither the options nor the environment have one', async () => {
    vi.stubEnv('KLAREFI_WEBHOOK_SECRET', '');
    const { POST } = webhooks({ startClaim: false });
    const request = post('/webhooks/klarefi', signedDelivery(sampleEnvelope(), 'whsec_x'));
    await expect(POST(request)).rejects.toThrow(KlarefiConfigError);
    await expect(POST(request)).rejects.toThrow(/KLAREFI_WEBHOOK_SECRET/);
  });

  it('prefers the options over the environment', async () => {
    vi.stubEnv('KLAREFI_WEBHOOK_SECRET', 'whsec_from_env');
    const { POST } = klarefi({ webhookSecret: 'whsec_from_options', startClaim: false });
    const ok = await POST(
      post('/api/klarefi/webhooks/klarefi', signedDelivery(sampleEnvelope(), 'whsec_from_options')),
    );
    const refused = await POST(
      post('/api/klarefi/webhooks/klarefi', signedDelivery(sampleEnvelope(), 'whsec_from_env')),
    );
    expect([ok.status, refused.status]).toEqual([200, 401]);
  });

  it('validates options that carry their secrets when called, before any request', () => {
    expect(() => klarefi({ apiKey: 'pk_wrong', webhookSecret: 'whsec_x', startClaim: false })).toThrow(
      KlarefiConfigError,
    );
  });
});

describe('the single-purpose factories', () => {
  it('refuses startClaim() without start-claim options, saying what to pass', () => {
    expect(() => startClaim({ webhookSecret: 'whsec_x', startClaim: false })).toThrow(/caseTypeId/);
  });

  it('serves the route wherever the file is: webhooks() at app/api/hooks/route.ts', async () => {
    const { POST } = webhooks({ webhookSecret: 'whsec_x', startClaim: false });
    const res = await POST(post('/api/hooks', signedDelivery(sampleEnvelope(), 'whsec_x')));
    expect(res.status).toBe(200);
  });

  it('reuses one dedupe store across requests to one route', async () => {
    const runs: string[] = [];
    const { POST } = webhooks({
      webhookSecret: 'whsec_x',
      startClaim: false,
      onEvent: (e) => void runs.push(String(e)),
    });
    const event = sampleEnvelope();
    await POST(post('/webhooks/klarefi', signedDelivery(event, 'whsec_x')));
    const again = await POST(post('/webhooks/klarefi', signedDelivery(event, 'whsec_x')));
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(runs).toHaveLength(1);
  });
});
