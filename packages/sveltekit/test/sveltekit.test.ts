import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { KlarefiConfigError } from '@klarefi/sdk';
import type { Handle } from '@sveltejs/kit';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  type KlarefiSvelteKitOptions,
  klarefiHandle,
  SVELTEKIT_RAW_BODY_HELP,
  startClaim,
  webhooks,
} from '../src/index.js';
import { closeFixtureServer, install, send } from './driver.js';

afterEach(() => {
  vi.unstubAllEnvs();
  install({});
});
afterAll(closeFixtureServer);

const SECRET = 'whsec_sveltekit_test';
const deliver = (path = '/webhooks/klarefi', secret = SECRET) => {
  const { headers, body } = signedDelivery(sampleEnvelope(), secret);
  return send({ method: 'POST', path, headers, body });
};

describe('klarefiHandle() in hooks.server.ts, through adapter-node', () => {
  it('calls resolve(event) for every other path, so the app and the hooks after it answer', async () => {
    install({ handle: klarefiHandle({ webhookSecret: SECRET, startClaim: false }) });
    const res = await send({ method: 'GET', path: '/' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('SvelteKit conformance fixture');
    expect(res.headers['x-app-hook']).toBe('1');
  });

  it('hands the handlers the RequestEvent', async () => {
    const seen: string[] = [];
    install({
      handle: klarefiHandle({
        webhookSecret: SECRET,
        startClaim: false,
        onEvent: (_event, { request }) => void seen.push(`${request.request.method} ${request.url.pathname}`),
      }),
    });
    expect((await deliver()).status).toBe(200);
    expect(seen).toEqual(['POST /webhooks/klarefi']);
  });

  it('answers 500 raw_body_unavailable with the SvelteKit fix when a hook before it read the body', async () => {
    const runs: unknown[] = [];
    const klarefi = klarefiHandle({
      webhookSecret: SECRET,
      startClaim: false,
      onEvent: (e) => void runs.push(e),
    });
    // What sequence(readsBodies, klarefi) does: the hook before Klarefi's consumes event.request.
    const readsBody: Handle = async (input) => {
      await input.event.request.text();
      return klarefi(input);
    };
    install({ handle: readsBody });
    const res = await deliver();
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'raw_body_unavailable' });
    expect(JSON.parse(res.body).error.message).toContain(SVELTEKIT_RAW_BODY_HELP);
    expect(runs).toEqual([]);
  });
});

describe('options: validated when the factory runs, or on the first request', () => {
  it('throws a KlarefiConfigError saying what to pass when the options are not an object', () => {
    expect(() => klarefiHandle(null as never)).toThrow(KlarefiConfigError);
    expect(() => webhooks('whsec' as never)).toThrow(/webhooks\(\) takes options like/);
  });

  it('validates options that carry their secrets now, before any request', () => {
    expect(() => klarefiHandle({ apiKey: 'pk_wrong', webhookSecret: SECRET, startClaim: false })).toThrow(
      KlarefiConfigError,
    );
  });

  it('refuses startClaim() without start-claim options, naming caseTypeId', () => {
    expect(() => startClaim({ webhookSecret: SECRET, startClaim: false })).toThrow(/caseTypeId/);
  });

  it('calls an options function once, on the first request ($env/dynamic/private is set by then)', async () => {
    const env: Record<string, string | undefined> = {};
    const read = vi.fn((): KlarefiSvelteKitOptions => ({ webhookSecret: env.SECRET, startClaim: false }));
    const routes = webhooks(read);
    expect(read).not.toHaveBeenCalled();
    env.SECRET = SECRET;
    install({ routes: new Map([['/webhooks/klarefi', { ...routes }]]) });
    expect([(await deliver()).status, (await deliver()).status]).toEqual([200, 200]);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('reads KLAREFI_WEBHOOK_SECRET from process.env on the first request when the options omit it', async () => {
    vi.stubEnv('KLAREFI_WEBHOOK_SECRET', '');
    const handle = klarefiHandle({ startClaim: false });
    vi.stubEnv('KLAREFI_WEBHOOK_SECRET', SECRET);
    install({ handle });
    expect((await deliver()).status).toBe(200);
  });

  it("hands a config error found on the first request to SvelteKit's error handling; the server lives on", async () => {
    vi.stubEnv('KLAREFI_WEBHOOK_SECRET', '');
    install({ handle: klarefiHandle({ startClaim: false }) });
    const failed = await deliver();
    expect(failed.status).toBe(500);
    expect(failed.body).not.toContain(SECRET);
    install({ handle: klarefiHandle({ webhookSecret: SECRET, startClaim: false }) });
    expect((await deliver()).status).toBe(200);
  });
});

describe('route files: the file location is the route', () => {
  it('answers other methods with 405 and allow through fallback', async () => {
    install({
      routes: new Map([['/webhooks/klarefi', { ...webhooks({ webhookSecret: SECRET, startClaim: false }) }]]),
    });
    const res = await send({ method: 'DELETE', path: '/webhooks/klarefi' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toMatch(/POST/);
    expect(JSON.parse(res.body).error.code).toBe('method_not_allowed');
  });

  it('serves the webhook at a custom file location whatever webhook.path says', async () => {
    const routes = webhooks({ webhookSecret: SECRET, startClaim: false, webhook: { path: '/elsewhere' } });
    install({ routes: new Map([['/hooks/claims', { ...routes }]]) });
    expect((await deliver('/hooks/claims')).status).toBe(200);
  });
});
