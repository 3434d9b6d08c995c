import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { KlarefiConfigError } from '@klarefi/sdk';
import {
  Body,
  Controller,
  type INestApplication,
  Module,
  type NestApplicationOptions,
  type NestInterceptor,
  Post,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { KlarefiModule } from '../src/index.js';
import { PLATFORMS, type Platform, post, send, startApp } from './helpers.js';

const SECRET = 'whsec_raw_body_test';
const imports = [KlarefiModule.forRoot({ webhookSecret: SECRET, startClaim: false })];

@Module({ imports })
class AppModule {}

let app: INestApplication | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The production path: NestFactory.create, as in main.ts. */
function create(platform: Platform, options: NestApplicationOptions): Promise<INestApplication> {
  const settings = { logger: false as const, abortOnError: false, ...options };
  return platform === 'express'
    ? NestFactory.create<NestExpressApplication>(AppModule, new ExpressAdapter(), settings)
    : NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), settings);
}

async function expectDeliveryAccepted(nest: INestApplication): Promise<void> {
  const delivery = signedDelivery(sampleEnvelope(), SECRET);
  const res = await send(nest, { method: 'POST', path: '/webhooks/klarefi', ...delivery });
  expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: '{"received":true}' });
}

/** The app's own `useBodyParser`, registered after Nest's defaults, with a 2 MB JSON limit. */
function raiseJsonLimit(platform: Platform, nest: INestApplication): void {
  if (platform === 'express') (nest as NestExpressApplication).useBodyParser('json', { limit: '2mb' });
  else (nest as NestFastifyApplication).useBodyParser('application/json', { bodyLimit: 2 * 1024 * 1024 });
}

describe.each(PLATFORMS)('the raw body on %s', (platform) => {
  it('fails start-up without rawBody: true, saying to set it (testing module)', async () => {
    const starting = startApp(platform, { imports }, { appOptions: { rawBody: false } });
    await expect(starting).rejects.toThrow(KlarefiConfigError);
    await expect(starting).rejects.toThrow(/NestFactory\.create\(AppModule, \{ rawBody: true \}\)/);
  });

  it('fails start-up without rawBody: true, saying to set it (NestFactory.create)', async () => {
    app = await create(platform, {});
    await expect(app.init()).rejects.toThrow(
      /created with rawBody: true.*NestFactory\.create\(AppModule, \{ rawBody: true \}\)/,
    );
  });

  it('starts with NestFactory.create(AppModule, { rawBody: true }) and verifies deliveries', async () => {
    app = await create(platform, { rawBody: true });
    await app.listen(0, '127.0.0.1');
    await expectDeliveryAccepted(app);
  });

  it('fails start-up with bodyParser: false, saying why and what to do', async () => {
    const starting = startApp(platform, { imports }, { appOptions: { rawBody: true, bodyParser: false } });
    await expect(starting).rejects.toThrow(/bodyParser: false.*app\.useBodyParser\('json'\)/);
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
    app = await startApp(
      platform,
      { imports },
      {
        configure: (nest) => raiseJsonLimit(platform, nest),
      },
    );
    await expectDeliveryAccepted(app);
  });

  it('passes a body the JSON parser refuses to the webhook route only; other routes keep the framework answer', async () => {
    app = await startApp(platform, { imports });
    const refused = await post(app, '/webhooks/klarefi', '{oops', { 'x-klarefi-signature': 't=1,v1=00' });
    expect(JSON.parse(refused.body).error.code).toBe('malformed_header');
    const elsewhere = await post(app, '/somewhere-else', '{oops');
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body).not.toContain('malformed_header');
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
    expect(error.message).toMatch(/rawBody: true.*application\/json and urlencoded bodies only/);
  });
});

describe('the raw body on fastify', () => {
  it("skips Nest's JSON parser for the webhook route only, so a delivery is parsed once, by the core", async () => {
    @Controller()
    class EchoController {
      @Post('echo')
      echo(@Body() body: unknown): unknown {
        return body;
      }
    }
    const bodies: Record<string, unknown> = {};
    const recordBody: NestInterceptor = {
      intercept(context, next) {
        const req = context.switchToHttp().getRequest();
        bodies[req.url] = req.body;
        return next.handle();
      },
    };
    app = await startApp(
      'fastify',
      { imports, controllers: [EchoController] },
      { configure: (nest) => nest.useGlobalInterceptors(recordBody) },
    );
    await expectDeliveryAccepted(app);
    const echoed = await post(app, '/echo', '{"own":"route"}');
    expect(JSON.parse(echoed.body)).toEqual({ own: 'route' });
    expect(bodies).toStrictEqual({ '/webhooks/klarefi': undefined, '/echo': { own: 'route' } });
  });
});
