import {
  type FakeKlarefiApi,
  sampleEnvelope,
  signedDelivery,
  startFakeKlarefiApi,
} from '@klarefi/conformance';
import { KlarefiClient, KlarefiConfigError, type KlarefiEventContext } from '@klarefi/sdk';
import express, { type ErrorRequestHandler, type Request } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { klarefiRouter } from '../src/index.js';
import { EXPRESS_MAJOR, EXPRESS_VERSION, send } from './helpers.js';

const SECRET = 'whsec_router_test_secret';
const API_KEY = 'sk_test_router_test_key';
let api: FakeKlarefiApi;

beforeAll(async () => {
  api = await startFakeKlarefiApi();
});
afterAll(() => api.close());

const client = () => new KlarefiClient({ apiKey: API_KEY, baseUrl: api.url, maxRetries: 0 });

describe(`the Express major under test (${EXPRESS_VERSION})`, () => {
  it("is the one this vitest project aliases 'express' to, and the router is built from it", () => {
    expect([4, 5]).toContain(EXPRESS_MAJOR);
    expect(EXPRESS_VERSION.split('.')[0]).toBe(String(EXPRESS_MAJOR));
    const router = klarefiRouter({ webhookSecret: SECRET, startClaim: false });
    // Express 4 routers inherit from the Router function itself; Express 5's (the router package) are instances.
    if (EXPRESS_MAJOR === 4) expect(Object.getPrototypeOf(router)).toBe(express.Router);
    else expect(router).toBeInstanceOf(express.Router);
    expect(typeof (express.application as { del?: unknown }).del).toBe(
      EXPRESS_MAJOR === 4 ? 'function' : 'undefined',
    );
  });
});

describe('klarefiRouter: mounting', () => {
  it('serves both routes under the path it is mounted at, and nothing at the bare paths', async () => {
    const app = express();
    app.use(
      '/klarefi',
      klarefiRouter({ client: client(), webhookSecret: SECRET, startClaim: { caseTypeId: 'motor_claim' } }),
    );
    const redirect = await send(app, { method: 'GET', path: '/klarefi/start-claim' });
    expect(redirect.status).toBe(303);
    expect(redirect.headers.location).toBe(api.requests.at(-1)?.session?.signed_url);
    const delivery = signedDelivery(sampleEnvelope(), SECRET);
    expect((await send(app, { method: 'POST', path: '/klarefi/webhooks/klarefi', ...delivery })).status).toBe(
      200,
    );
    expect((await send(app, { method: 'POST', path: '/webhooks/klarefi', ...delivery })).status).toBe(404);
    expect((await send(app, { method: 'GET', path: '/start-claim' })).status).toBe(404);
  });

  it('passes requests for other paths on to the app', async () => {
    const app = express();
    app.use(klarefiRouter({ webhookSecret: SECRET, startClaim: false }));
    app.get('/health', (_req, res) => {
      res.send('ok');
    });
    const res = await send(app, { method: 'GET', path: '/health' });
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: 'ok' });
  });

  it('refuses incomplete options when it is created, saying what to set', () => {
    expect(() => klarefiRouter({ webhookSecret: '', startClaim: false })).toThrow(KlarefiConfigError);
    expect(() => klarefiRouter({ webhookSecret: SECRET, startClaim: { caseTypeId: 'motor_claim' } })).toThrow(
      /apiKey/,
    );
  });
});

describe('klarefiRouter: the client in handlers', () => {
  it('sets req.klarefi for handlers after the router, and context.client / context.request for event handlers', async () => {
    const own = client();
    const seen: Array<KlarefiEventContext<Request>> = [];
    const app = express();
    app.get('/before', (req, res) => {
      res.json({ defined: req.klarefi !== undefined });
    });
    app.use(
      klarefiRouter({
        client: own,
        webhookSecret: SECRET,
        startClaim: { caseTypeId: 'motor_claim' },
        on: { 'case.completed': (_event, context) => void seen.push(context) },
      }),
    );
    let afterClient: unknown;
    app.get('/after', (req, res) => {
      afterClient = req.klarefi;
      res.end();
    });
    expect(JSON.parse((await send(app, { method: 'GET', path: '/before' })).body)).toEqual({
      defined: false,
    });
    await send(app, { method: 'GET', path: '/after' });
    expect(afterClient).toBe(own);

    const delivery = signedDelivery(sampleEnvelope(), SECRET);
    expect((await send(app, { method: 'POST', path: '/webhooks/klarefi', ...delivery })).status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.client).toBe(own);
    expect(seen[0]?.request.klarefi).toBe(own);
    expect(seen[0]?.request.get('x-klarefi-signature')).toBe(delivery.headers['x-klarefi-signature']);
  });

  it('sets req.klarefi to null when no client is configured (webhook-only)', async () => {
    const app = express();
    app.use(klarefiRouter({ webhookSecret: SECRET, startClaim: false }));
    app.get('/after', (req, res) => {
      res.json({ client: req.klarefi });
    });
    expect(JSON.parse((await send(app, { method: 'GET', path: '/after' })).body)).toEqual({ client: null });
  });

  it('hands the Express request to startClaim.session()', async () => {
    const app = express();
    app.use(
      klarefiRouter({
        client: client(),
        webhookSecret: SECRET,
        startClaim: {
          caseTypeId: 'motor_claim',
          session: (req) => ({ external_case_id: String(req.query.claim) }),
        },
      }),
    );
    expect((await send(app, { method: 'GET', path: '/start-claim?claim=C-77' })).status).toBe(303);
    expect(api.requests.at(-1)?.body).toMatchObject({ external_case_id: 'C-77' });
  });
});

describe('klarefiRouter: errors', () => {
  function appSeeingErrors(options: Parameters<typeof klarefiRouter>[0]) {
    const errors: unknown[] = [];
    const app = express();
    app.use(klarefiRouter(options));
    const seeErrors: ErrorRequestHandler = (error, _req, _res, next) => {
      errors.push(error);
      next(error);
    };
    app.use(seeErrors);
    return { app, errors };
  }

  it('answers refusals itself, with the status, headers and JSON of every adapter, and no error passed on', async () => {
    const { app, errors } = appSeeingErrors({ webhookSecret: SECRET, startClaim: false });
    const res = await send(app, {
      method: 'PUT',
      path: '/webhooks/klarefi',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(errors).toEqual([]);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'method_not_allowed', message: 'This Klarefi route accepts POST only.' },
    });
  });

  it("passes a session() hook's own error on untouched (Express's default handler answers 500)", async () => {
    const own = new Error('no signed-in user');
    const { app, errors } = appSeeingErrors({
      client: client(),
      webhookSecret: SECRET,
      startClaim: {
        caseTypeId: 'motor_claim',
        session: () => {
          throw own;
        },
      },
    });
    const res = await send(app, { method: 'GET', path: '/start-claim' });
    expect(errors).toEqual([own]);
    expect(res.status).toBe(500);
    expect(res.headers.location).toBeUndefined();
  });

  it("answers a failing event handler's 500 handler_failed itself", async () => {
    const { app, errors } = appSeeingErrors({
      webhookSecret: SECRET,
      startClaim: false,
      onEvent: () => {
        throw new Error('database down');
      },
    });
    const res = await send(app, {
      method: 'POST',
      path: '/webhooks/klarefi',
      ...signedDelivery(sampleEnvelope(), SECRET),
    });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body).error.code).toBe('handler_failed');
    expect(errors).toEqual([]);
  });

  it('leaves an answer that a timeout middleware already wrote alone, and passes nothing on', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const app = express();
    app.use((_req, res, next) => {
      res.status(503).send('timed out');
      next();
    });
    const { errors } = { errors: [] as unknown[] };
    app.use(
      klarefiRouter({ webhookSecret: SECRET, startClaim: false, onEvent: () => slow.then(() => undefined) }),
    );
    app.use(((error, _req, _res, next) => {
      errors.push(error);
      next(error);
    }) as ErrorRequestHandler);
    const pending = send(app, {
      method: 'POST',
      path: '/webhooks/klarefi',
      ...signedDelivery(sampleEnvelope(), SECRET),
    });
    const res = await pending;
    release();
    expect(res.status).toBe(503);
    expect(res.body).toBe('timed out');
  });
});
