import {
  type FakeKlarefiApi,
  sampleEnvelope,
  signedDelivery,
  startFakeKlarefiApi,
} from '@klarefi/conformance';
import { KlarefiClient, KlarefiConfigError, type KlarefiEvent } from '@klarefi/sdk';
import type { FastifyError, FastifyInstance, FastifyServerOptions } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import klarefi, { type KlarefiFastifyOptions } from '../src/index.js';
import { inject, installGlobalParsers, MAJORS } from './support.js';

const SECRET = 'whsec_fastify_plugin_tests';
const API_KEY = 'sk_test_fastify_plugin_tests';

describe.each(MAJORS)('@klarefi/fastify on %s', (_major, Fastify) => {
  let api: FakeKlarefiApi;
  const apps: FastifyInstance[] = [];
  const events: KlarefiEvent[] = [];

  beforeAll(async () => {
    api = await startFakeKlarefiApi();
  });
  afterAll(() => api.close());
  afterEach(async () => {
    events.length = 0;
    api.reset();
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  function options(overrides: Partial<KlarefiFastifyOptions> = {}): KlarefiFastifyOptions {
    return {
      apiKey: API_KEY,
      baseUrl: api.url,
      webhookSecret: SECRET,
      startClaim: { caseTypeId: 'motor_claim' },
      onEvent: (event) => {
        events.push(event);
      },
      ...overrides,
    };
  }

  function app(serverOptions?: FastifyServerOptions): FastifyInstance {
    const instance = Fastify(serverOptions);
    apps.push(instance);
    return instance;
  }

  const deliver = (instance: FastifyInstance, path = '/webhooks/klarefi', pretty = true) => {
    const { body, headers } = signedDelivery(sampleEnvelope(), SECRET, { pretty });
    return inject(instance, { method: 'POST', path, headers, body });
  };

  describe('body parsing stays scoped to the plugin', () => {
    for (const withGlobalParsers of [false, true]) {
      it(`gives the app's own routes parsed JSON while the webhook verifies raw bytes${withGlobalParsers ? ' (app-wide parsers installed first)' : ''}`, async () => {
        const a = app();
        if (withGlobalParsers) installGlobalParsers(a);
        a.post('/api/before', async (request) => ({ type: typeof request.body, body: request.body }));
        await a.register(klarefi, options());
        a.post('/api/after', async (request) => ({ type: typeof request.body, body: request.body }));
        const json = { claim: 1, note: 'parsed' };
        const expected = withGlobalParsers ? { parsedBy: 'app-json', value: json } : json;
        for (const path of ['/api/before', '/api/after']) {
          const res = await a.inject({ method: 'POST', url: path, payload: json });
          expect(res.json()).toEqual({ type: 'object', body: expected });
        }
        const hook = await deliver(a);
        expect({ status: hook.status, body: JSON.parse(hook.body) }).toEqual({
          status: 200,
          body: { received: true },
        });
        expect(events).toHaveLength(1);
      });
    }
  });

  describe('prefix', () => {
    it('serves both routes under the prefix, and nothing at the root paths', async () => {
      const a = app();
      await a.register(klarefi, options({ prefix: '/klarefi' }));
      expect((await deliver(a, '/klarefi/webhooks/klarefi')).status).toBe(200);
      expect((await deliver(a, '/webhooks/klarefi')).status).toBe(404);
      const start = await a.inject({ method: 'GET', url: '/klarefi/start-claim' });
      expect(start.statusCode).toBe(303);
      expect(start.headers.location).toBe(api.requests[0]?.session?.signed_url);
      expect((await a.inject({ method: 'GET', url: '/start-claim' })).statusCode).toBe(404);
    });

    it('adds to the prefix of the scope it is registered in', async () => {
      const a = app();
      await a.register(
        async (scope) => {
          await scope.register(klarefi, options({ prefix: '/klarefi' }));
        },
        { prefix: '/api' },
      );
      expect((await deliver(a, '/api/klarefi/webhooks/klarefi')).status).toBe(200);
      expect((await deliver(a, '/klarefi/webhooks/klarefi')).status).toBe(404);
    });

    it('refuses a prefix without a leading slash at start-up', async () => {
      const a = app();
      await expect(a.register(klarefi, options({ prefix: 'klarefi' }))).rejects.toThrow(
        new KlarefiConfigError(
          '@klarefi/fastify: prefix must be a path starting with "/", e.g. "/klarefi", got a string.',
        ),
      );
    });
  });

  describe('app.klarefi', () => {
    it('is the client built from apiKey, visible to the whole app', async () => {
      const a = app();
      await a.register(klarefi, options());
      a.get('/client', async (request) => ({ isClient: request.server.klarefi instanceof KlarefiClient }));
      expect(a.klarefi).toBeInstanceOf(KlarefiClient);
      expect((await a.inject({ method: 'GET', url: '/client' })).json()).toEqual({ isClient: true });
    });

    it('is the very client passed as `client`', async () => {
      const client = new KlarefiClient({ apiKey: API_KEY, baseUrl: api.url });
      const a = app();
      await a.register(klarefi, { ...options(), apiKey: undefined, baseUrl: undefined, client });
      expect(a.klarefi).toBe(client);
    });

    it('is null with neither client nor apiKey (webhook only)', async () => {
      const a = app();
      await a.register(klarefi, { webhookSecret: SECRET, startClaim: false });
      expect(a.klarefi).toBeNull();
      expect((await a.inject({ method: 'GET', url: '/start-claim' })).statusCode).toBe(404);
    });

    it('refuses a second registration in the same scope with a clear error', async () => {
      const a = app();
      await a.register(klarefi, options());
      await expect(a.register(klarefi, options({ prefix: '/again' }))).rejects.toThrow(
        /@klarefi\/fastify is already registered in this scope \(app\.klarefi exists\)/,
      );
    });

    it('allows one registration per encapsulated scope', async () => {
      const a = app();
      for (const prefix of ['/tenant-a', '/tenant-b']) {
        await a.register(async (scope) => {
          await scope.register(klarefi, options({ prefix }));
        });
      }
      expect((await deliver(a, '/tenant-a/webhooks/klarefi')).status).toBe(200);
      expect((await deliver(a, '/tenant-b/webhooks/klarefi')).status).toBe(200);
    });

    it('surfaces a shared-option mistake at start-up, as a KlarefiConfigError', async () => {
      const a = app();
      const bad = { ...options(), webhookSecret: '' };
      await expect(a.register(klarefi, bad)).rejects.toBeInstanceOf(KlarefiConfigError);
    });
  });

  describe("errors flow through the app's error handler", () => {
    function withErrorHandler(seen: unknown[]) {
      const a = app();
      a.setErrorHandler<FastifyError>((error, _request, reply) => {
        seen.push(error);
        reply.code(error.statusCode ?? 500).send({ handledBy: 'app', code: error.code });
      });
      return a;
    }

    it("answers refusals itself, with Klarefi's JSON and headers; the app's error handler sees none", async () => {
      const seen: unknown[] = [];
      const a = withErrorHandler(seen);
      await a.register(klarefi, options());
      const res = await a.inject({ method: 'PUT', url: '/webhooks/klarefi', payload: '{}' });
      expect(res.statusCode).toBe(405);
      expect(res.json()).toEqual({
        error: { code: 'method_not_allowed', message: 'This Klarefi route accepts POST only.' },
      });
      expect(res.headers.allow).toBe('POST');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(seen).toEqual([]);
    });

    it("answers an oversized delivery with the core's 413, reading no more than the limit", async () => {
      const seen: unknown[] = [];
      const a = withErrorHandler(seen);
      await a.register(klarefi, options({ webhook: { maxBodyBytes: 64 } }));
      const { body, headers } = signedDelivery(sampleEnvelope(), SECRET);
      const res = await inject(a, { method: 'POST', path: '/webhooks/klarefi', headers, body });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'payload_too_large' } });
      expect(seen).toEqual([]);
      expect(events).toEqual([]);
    });

    it('lets the core, not the body limit, answer an oversized POST to start-claim (405)', async () => {
      const a = app();
      await a.register(klarefi, options({ webhook: { maxBodyBytes: 64 } }));
      const res = await a.inject({
        method: 'POST',
        url: '/start-claim',
        payload: { padding: 'x'.repeat(200) },
      });
      expect(res.statusCode).toBe(405);
      expect(res.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
      expect(res.headers.allow).toBe('GET');
      expect(api.requests).toEqual([]);
    });

    it("keeps Fastify's own error fields for an error that is not Klarefi's", async () => {
      const a = app();
      const failure = Object.assign(new Error('the integrator hook failed'), {
        statusCode: 503,
        code: 'E_HOOK',
      });
      await a.register(
        klarefi,
        options({ startClaim: { caseTypeId: 'motor_claim', session: () => Promise.reject(failure) } }),
      );
      const res = await a.inject({ method: 'GET', url: '/start-claim' });
      expect({ status: res.statusCode, body: res.json() }).toEqual({
        status: 503,
        body: {
          statusCode: 503,
          code: 'E_HOOK',
          error: 'Service Unavailable',
          message: 'the integrator hook failed',
        },
      });
    });

    it("passes a session() hook's own error on untouched", async () => {
      const seen: unknown[] = [];
      const failure = new Error('the integrator hook failed');
      const a = withErrorHandler(seen);
      await a.register(
        klarefi,
        options({ startClaim: { caseTypeId: 'motor_claim', session: () => Promise.reject(failure) } }),
      );
      const res = await a.inject({ method: 'GET', url: '/start-claim' });
      expect(res.statusCode).toBe(500);
      expect(seen).toEqual([failure]);
      expect(api.requests).toEqual([]);
    });
  });

  describe('methods', () => {
    it('routes every method to the core: 405 with allow, HEAD following GET', async () => {
      const a = app();
      await a.register(klarefi, options());
      const answers = [];
      for (const method of ['HEAD', 'OPTIONS', 'DELETE', 'PATCH'] as const) {
        for (const url of ['/webhooks/klarefi', '/start-claim']) {
          const res = await a.inject({ method, url });
          answers.push([method, url, res.statusCode, res.headers.allow]);
        }
      }
      expect(answers).toEqual([
        ['HEAD', '/webhooks/klarefi', 405, 'POST'],
        ['HEAD', '/start-claim', 405, 'GET'],
        ['OPTIONS', '/webhooks/klarefi', 405, 'POST'],
        ['OPTIONS', '/start-claim', 405, 'GET'],
        ['DELETE', '/webhooks/klarefi', 405, 'POST'],
        ['DELETE', '/start-claim', 405, 'GET'],
        ['PATCH', '/webhooks/klarefi', 405, 'POST'],
        ['PATCH', '/start-claim', 405, 'GET'],
      ]);
      expect(api.requests).toEqual([]);
    });
  });

  describe("with Fastify's default error handler", () => {
    function logged() {
      const lines: Array<Record<string, any>> = [];
      const a = app({
        logger: { level: 'info', stream: { write: (line: string) => lines.push(JSON.parse(line)) } },
      });
      return { a, lines };
    }

    it("answers the core's JSON and logs a failing handler at error level, with its cause", async () => {
      const { a, lines } = logged();
      await a.register(klarefi, options({ onEvent: () => Promise.reject(new Error('database down')) }));
      const res = await deliver(a);
      expect(res.status).toBe(500);
      expect(JSON.parse(res.body)).toEqual({
        error: {
          code: 'handler_failed',
          message: 'The handler for "case.completed" failed; the delivery will be retried.',
        },
      });
      const entry = lines.find((line) => line.klarefi?.outcome === 'failed');
      expect(entry?.level).toBe(50);
      expect(entry?.err?.message).toBe('database down');
      expect(JSON.stringify(entry)).toContain('database down');
      expect(JSON.stringify(lines)).not.toContain(SECRET);
    });

    it('logs a refusal at warn level, once', async () => {
      const { a, lines } = logged();
      await a.register(klarefi, options());
      expect((await a.inject({ method: 'GET', url: '/webhooks/klarefi' })).statusCode).toBe(405);
      const refused = lines.filter((line) => line.klarefi?.outcome === 'refused');
      expect(refused.map((line) => line.level)).toEqual([40]);
    });
  });
});
