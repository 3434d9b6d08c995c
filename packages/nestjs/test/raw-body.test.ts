import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import {
  type INestApplication,
  type LoggerService,
  Module,
  type NestApplicationOptions,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { KlarefiModule } from '../src/index.js';
import { PLATFORMS, type Platform, post, send, startApp } from './helpers.js';

const SECRET = 'whsec_raw_body_test';
const handled: string[] = [];
const imports = [
  KlarefiModule.forRoot({
    webhookSecret: SECRET,
    startClaim: false,
    onEvent: (_event, context) => {
      handled.push(context.name);
    },
  }),
];

@Module({ imports })
class AppModule {}

let app: INestApplication | undefined;
afterEach(async () => {
  handled.length = 0;
  await app?.close();
  app = undefined;
});

/** A Nest logger that keeps what it is given, by level. */
function recordingLogger(): LoggerService & { errors: unknown[] } {
  const errors: unknown[] = [];
  const ignore = () => {};
  return { errors, error: (message: unknown) => errors.push(message), log: ignore, warn: ignore };
}

/** The production path: NestFactory.create, as in main.ts. */
function create(platform: Platform, options: NestApplicationOptions): Promise<INestApplication> {
  const settings = { logger: false as const, abortOnError: false, ...options };
  return platform === 'express'
    ? NestFactory.create<NestExpressApplication>(AppModule, new ExpressAdapter(), settings)
    : NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), settings);
}

const deliver = (nest: INestApplication) =>
  send(nest, { method: 'POST', path: '/webhooks/klarefi', ...signedDelivery(sampleEnvelope(), SECRET) });

async function expectDeliveryAccepted(nest: INestApplication): Promise<void> {
  const res = await deliver(nest);
  expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: '{"received":true}' });
  expect(handled).toEqual(['case.completed']);
}

async function expectRawBodyUnavailable(nest: INestApplication, fix: RegExp): Promise<void> {
  const res = await deliver(nest);
  expect(res.status).toBe(500);
  const { error } = JSON.parse(res.body);
  expect(error.code).toBe('raw_body_unavailable');
  expect(error.message).toMatch(fix);
  expect(handled).toEqual([]);
}

/** The app's own `useBodyParser`, registered after Nest's defaults, with a 2 MB JSON limit. */
function raiseJsonLimit(platform: Platform, nest: INestApplication): void {
  if (platform === 'express') (nest as NestExpressApplication).useBodyParser('json', { limit: '2mb' });
  else (nest as NestFastifyApplication).useBodyParser('application/json', { bodyLimit: 2 * 1024 * 1024 });
}

describe.each(PLATFORMS)('the raw body on %s', (platform) => {
  it('answers 500 raw_body_unavailable without rawBody: true, naming the fix, and logs it once', async () => {
    const logger = recordingLogger();
    app = await startApp(platform, { imports }, { appOptions: { rawBody: false, logger } });
    await expectRawBodyUnavailable(app, /NestFactory\.create\(AppModule, \{ rawBody: true \}\)/);
    await expectRawBodyUnavailable(app, /rawBody: true/);
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]).toMatch(/NestFactory\.create\(AppModule, \{ rawBody: true \}\)/);
    expect(logger.errors[0]).not.toContain(SECRET);
  });

  it('answers 500 raw_body_unavailable when created by NestFactory.create without rawBody: true', async () => {
    app = await create(platform, {});
    await app.listen(0, '127.0.0.1');
    await expectRawBodyUnavailable(app, /rawBody: true/);
  });

  it('verifies deliveries with NestFactory.create(AppModule, { rawBody: true })', async () => {
    app = await create(platform, { rawBody: true });
    await app.listen(0, '127.0.0.1');
    await expectDeliveryAccepted(app);
  });

  it('answers 500 raw_body_unavailable with bodyParser: false, saying what to do', async () => {
    app = await startApp(platform, { imports }, { appOptions: { rawBody: true, bodyParser: false } });
    await expectRawBodyUnavailable(app, /bodyParser: false.*app\.useBodyParser\('json'\)/);
  });

  it("works with bodyParser: false and the app's own app.useBodyParser('json')", async () => {
    app = await startApp(
      platform,
      { imports },
      {
        appOptions: { rawBody: true, bodyParser: false },
        configure: (nest) => raiseJsonLimit(platform, nest),
      },
    );
    await expectDeliveryAccepted(app);
  });

  it('keeps the body as sent when the app raised the JSON limit (app.useBodyParser after the defaults)', async () => {
    app = await startApp(platform, { imports }, { configure: (nest) => raiseJsonLimit(platform, nest) });
    await expectDeliveryAccepted(app);
  });

  it("leaves a body Nest's JSON parser refuses to Nest: its 400, before the webhook route runs", async () => {
    app = await startApp(platform, { imports });
    const refused = await post(app, '/webhooks/klarefi', '{oops', { 'x-klarefi-signature': 't=1,v1=00' });
    expect(refused.status).toBe(400);
    expect(refused.body).not.toContain('malformed_header');
    expect(handled).toEqual([]);
  });
});

describe('the raw body on express', () => {
  it('answers 500 raw_body_unavailable, with the Nest fix, for a body Nest keeps no bytes of (text/plain)', async () => {
    app = await startApp('express', { imports });
    const delivery = signedDelivery(sampleEnvelope(), SECRET);
    const res = await send(app, {
      method: 'POST',
      path: '/webhooks/klarefi',
      body: delivery.body,
      headers: { ...delivery.headers, 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(500);
    const { error } = JSON.parse(res.body);
    expect(error.code).toBe('raw_body_unavailable');
    expect(error.message).toMatch(/NestFactory\.create\(AppModule, \{ rawBody: true \}\)/);
  });
});
