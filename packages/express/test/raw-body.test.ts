import { gzipSync } from 'node:zlib';
import { sampleEnvelope, signatureHeader, signedDelivery } from '@klarefi/conformance';
import type { KlarefiEvent } from '@klarefi/sdk';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { describe, expect, it } from 'vitest';
import { klarefiRouter, rawBodySaver } from '../src/index.js';
import { send } from './helpers.js';

const SECRET = 'whsec_raw_body_test_secret';

/** An app with `before` installed ahead of the router; records handled events and errors. */
function appWith(before: express.RequestHandler[]) {
  const events: KlarefiEvent[] = [];
  const errors: unknown[] = [];
  const app: Express = express();
  for (const middleware of before) app.use(middleware);
  app.use(
    klarefiRouter({ webhookSecret: SECRET, startClaim: false, onEvent: (event) => void events.push(event) }),
  );
  const seeErrors: ErrorRequestHandler = (error, _req, _res, next) => {
    errors.push(error);
    next(error);
  };
  app.use(seeErrors);
  return { app, events, errors };
}

const post = (app: Express, body: string | Uint8Array, headers: Record<string, string>) =>
  send(app, { method: 'POST', path: '/webhooks/klarefi', headers, body });

/** The envelope serialised with its keys in reverse order, so a re-serialisation would differ. */
function reordered(event: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(event).reverse()));
}

describe('raw body: a global express.json() with rawBodySaver ran first', () => {
  const parsers = () => [
    express.json({ verify: rawBodySaver }),
    express.urlencoded({ extended: false, verify: rawBodySaver }),
  ];

  it('verifies a pretty-printed body', async () => {
    const { app, events } = appWith(parsers());
    const event = sampleEnvelope();
    const delivery = signedDelivery(event, SECRET, { pretty: true });
    expect(delivery.body).toContain('\n  "event_type"');
    const res = await post(app, delivery.body, delivery.headers);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ received: true });
    expect(events).toEqual([event]);
  });

  it('verifies a body whose keys are in another order than JSON.stringify would give', async () => {
    const { app, events } = appWith(parsers());
    const event = sampleEnvelope();
    const body = reordered(event);
    expect(body).not.toBe(JSON.stringify(event));
    const res = await post(app, body, {
      'content-type': 'application/json',
      'x-klarefi-signature': signatureHeader(body, SECRET),
    });
    expect(res.status).toBe(200);
    expect(events).toEqual([event]);
  });

  it('still refuses a pretty-printed body signed compactly (no re-serialisation anywhere)', async () => {
    const { app, events } = appWith(parsers());
    const event = sampleEnvelope();
    const res = await post(app, JSON.stringify(event, null, 2), {
      'content-type': 'application/json',
      'x-klarefi-signature': signatureHeader(JSON.stringify(event), SECRET),
    });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe('no_matching_signature');
    expect(events).toEqual([]);
  });

  const notObjects: Array<[string, string, string | undefined]> = [
    ['invalid JSON, validly signed', '{"event_type": "v1.case.completed",', SECRET],
    ['a JSON string, validly signed', '"v1.case.completed"', SECRET],
    ['JSON null, validly signed', 'null', SECRET],
    ['invalid JSON, unsigned', 'x'.repeat(301), undefined],
    ['invalid JSON with a wrong signature', '{oops', 'whsec_someone_else'],
  ];
  for (const [label, body, secret] of notObjects) {
    it(`leaves ${label} to the app's JSON parser (its 400 entity.parse.failed; no handler runs)`, async () => {
      const { app, events, errors } = appWith(parsers());
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (secret) headers['x-klarefi-signature'] = signatureHeader(body, secret);
      const res = await post(app, body, headers);
      expect(res.status).toBe(400);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ status: 400, type: 'entity.parse.failed' });
      expect(events).toEqual([]);
    });
  }
});

describe('raw body: a global express.json() without a saver ran first', () => {
  it('answers 500 raw_body_unavailable saying how to fix it, and never verifies the parsed object', async () => {
    const { app, events, errors } = appWith([express.json()]);
    // Compact JSON re-serialises to the same bytes: a verifier of JSON.stringify(req.body) would accept it.
    const delivery = signedDelivery(sampleEnvelope(), SECRET);
    const res = await post(app, delivery.body, delivery.headers);
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const { error } = JSON.parse(res.body);
    expect(error.code).toBe('raw_body_unavailable');
    expect(error.message).toContain('Mount app.use(klarefiRouter(...)) before app.use(express.json())');
    expect(error.message).toContain('express.json({ verify: rawBodySaver })');
    expect(errors).toEqual([]);
    expect(events).toEqual([]);
  });
});

describe('raw body: other parsers the app may have', () => {
  it('is unaffected by a global express.urlencoded() (it does not read JSON)', async () => {
    const { app, events } = appWith([express.urlencoded({ extended: false })]);
    const delivery = signedDelivery(sampleEnvelope(), SECRET, { pretty: true });
    expect((await post(app, delivery.body, delivery.headers)).status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it("uses the bytes of an app-level express.raw({ type: 'application/json' })", async () => {
    const { app, events } = appWith([express.raw({ type: 'application/json' })]);
    const body = reordered(sampleEnvelope());
    const res = await post(app, body, {
      'content-type': 'application/json',
      'x-klarefi-signature': signatureHeader(body, SECRET),
    });
    expect(res.status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it('uses req.rawBody kept by the app (as NestJS does with rawBody: true)', async () => {
    const keep: express.RequestHandler = (req, _res, next) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        (req as { rawBody?: Buffer }).rawBody = Buffer.concat(chunks);
        req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        next();
      });
    };
    const { app, events } = appWith([keep]);
    const delivery = signedDelivery(sampleEnvelope(), SECRET, { pretty: true });
    expect((await post(app, delivery.body, delivery.headers)).status).toBe(200);
    expect(events).toHaveLength(1);
  });
});

describe('raw body: what the router reads itself', () => {
  // One rule in every adapter: the signature covers the bytes as sent; no Content-Encoding is undone.
  it('verifies the bytes as sent: a gzip body whose signature covers the JSON is refused, never run', async () => {
    const { app, events } = appWith([]);
    const delivery = signedDelivery(sampleEnvelope(), SECRET, { pretty: true });
    const res = await post(app, gzipSync(delivery.body), { ...delivery.headers, 'content-encoding': 'gzip' });
    expect(res.status).toBe(401);
    expect(events).toEqual([]);
  });

  it('verifies the bytes as sent whatever Content-Encoding is declared', async () => {
    const { app, events, errors } = appWith([]);
    const delivery = signedDelivery(sampleEnvelope(), SECRET);
    const res = await post(app, delivery.body, { ...delivery.headers, 'content-encoding': 'x-unknown' });
    expect(res.status).toBe(200);
    expect(errors).toEqual([]);
    expect(events).toHaveLength(1);
  });

  it('verifies a body sent with a content type other than JSON, byte for byte', async () => {
    const { app, events } = appWith([express.json({ verify: rawBodySaver })]);
    const body = JSON.stringify(sampleEnvelope(), null, 4);
    const res = await post(app, body, {
      'content-type': 'text/plain',
      'x-klarefi-signature': signatureHeader(body, SECRET),
    });
    expect(res.status).toBe(200);
    expect(events).toHaveLength(1);
  });
});
