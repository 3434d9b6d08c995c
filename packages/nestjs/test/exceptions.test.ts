import {
  type FakeKlarefiApi,
  sampleEnvelope,
  signedDelivery,
  startFakeKlarefiApi,
} from '@klarefi/conformance';
import { type ArgumentsHost, Catch, type ExceptionFilter, type INestApplication } from '@nestjs/common';
import { APP_FILTER, BaseExceptionFilter } from '@nestjs/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KlarefiModule, type KlarefiModuleOptions } from '../src/index.js';
import { PLATFORMS, send, startApp } from './helpers.js';

const SECRET = 'whsec_exceptions_test';
const caught: unknown[] = [];

/** An app filter that records what it sees. */
@Catch()
class RecordingFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    caught.push(exception);
    super.catch(exception, host);
  }
}

let api: FakeKlarefiApi;
let app: INestApplication | undefined;
beforeAll(async () => {
  api = await startFakeKlarefiApi();
});
afterAll(() => api.close());
afterEach(async () => {
  caught.length = 0;
  api.reset();
  await app?.close();
  app = undefined;
});

function options(overrides: Partial<KlarefiModuleOptions> = {}): KlarefiModuleOptions {
  return {
    apiKey: 'sk_test_exceptions',
    baseUrl: api.url,
    webhookSecret: SECRET,
    startClaim: { caseTypeId: 'motor_claim' },
    ...overrides,
  };
}

describe.each(PLATFORMS)('refusals on %s', (platform) => {
  it('are answered by the module itself; exception filters see none', async () => {
    app = await startApp(platform, {
      imports: [KlarefiModule.forRoot(options())],
      providers: [{ provide: APP_FILTER, useClass: RecordingFilter }],
    });
    const unsigned = await send(app, {
      method: 'POST',
      path: '/webhooks/klarefi',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(400);
    expect(JSON.parse(unsigned.body)).toMatchObject({ error: { code: 'missing_header' } });
    const res = await send(app, { method: 'DELETE', path: '/start-claim' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET');
    expect(caught).toEqual([]);
  });

  it("answer exactly the core's JSON with Nest's default filter", async () => {
    app = await startApp(platform, { imports: [KlarefiModule.forRoot(options())] });
    const res = await send(app, { method: 'GET', path: '/webhooks/klarefi' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toBe(
      JSON.stringify({
        error: { code: 'method_not_allowed', message: 'This Klarefi route accepts POST only.' },
      }),
    );
  });

  it("pass a session() hook's own error on untouched", async () => {
    const own = new Error('no signed-in user');
    app = await startApp(platform, {
      imports: [
        KlarefiModule.forRoot(
          options({
            startClaim: {
              caseTypeId: 'motor_claim',
              session: () => {
                throw own;
              },
            },
          }),
        ),
      ],
      providers: [{ provide: APP_FILTER, useClass: RecordingFilter }],
    });
    const res = await send(app, { method: 'GET', path: '/start-claim' });
    expect(res.status).toBe(500);
    expect(caught).toEqual([own]);
    expect(caught[0]).toBe(own);
    expect(api.requests).toEqual([]);
  });

  it('hand the session() hook the platform request', async () => {
    const seen: string[] = [];
    app = await startApp(platform, {
      imports: [
        KlarefiModule.forRoot(
          options({
            startClaim: {
              caseTypeId: 'motor_claim',
              session: (req) => {
                seen.push(req.headers['x-user-id']);
                return { external_applicant_id: req.headers['x-user-id'] };
              },
            },
          }),
        ),
      ],
    });
    const res = await send(app, { method: 'GET', path: '/start-claim', headers: { 'x-user-id': 'u_42' } });
    expect(res.status).toBe(303);
    expect(seen).toEqual(['u_42']);
    expect(api.requests[0]?.body).toMatchObject({
      case_type_id: 'motor_claim',
      external_applicant_id: 'u_42',
    });
  });

  it('answer 502 when the API fails, without the upstream body or the key', async () => {
    api.respondWith({
      status: 500,
      json: { error: { type: 'api_error', message: 'boom sk_test_exceptions' } },
    });
    app = await startApp(platform, { imports: [KlarefiModule.forRoot(options())] });
    const res = await send(app, { method: 'GET', path: '/start-claim' });
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body).error.code).toBe('session_create_failed');
    expect(res.body).not.toContain('sk_test_exceptions');
  });

  it('set retry-after on a 409 delivery_in_progress', async () => {
    const dedupe = {
      claim: async () => 'processing' as const,
      complete: async () => true,
      release: async () => true,
    };
    app = await startApp(platform, { imports: [KlarefiModule.forRoot(options({ webhook: { dedupe } }))] });
    const res = await send(app, {
      method: 'POST',
      path: '/webhooks/klarefi',
      ...signedDelivery(sampleEnvelope(), SECRET),
    });
    expect(res.status).toBe(409);
    expect(res.headers['retry-after']).toBe('5');
    expect(JSON.parse(res.body).error.code).toBe('delivery_in_progress');
  });
});
