import 'reflect-metadata';
import type { Server } from 'node:http';
import { KlarefiModule } from '@klarefi/nestjs';
import {
  Controller,
  HttpCode,
  type INestApplication,
  Module,
  Post,
  Req,
  UnauthorizedException,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Webhook } from 'standardwebhooks';
import { floorCheck } from '../floor.js';
import { peerSecret } from '../payloads.js';
import {
  klarefiOptions,
  type Listening,
  listening,
  type ScenarioOptions,
  type StartScenario,
  WEBHOOK_PATH,
} from './common.js';

type Platform = 'express' | 'fastify';

async function start(platform: Platform, module: object): Promise<Listening> {
  const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const app: INestApplication = await NestFactory.create(module as never, adapter, {
    rawBody: true,
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  const { port } = listening(app.getHttpServer() as Server);
  return { port, close: () => app.close() };
}

function adapterModule(options: ScenarioOptions): object {
  @Module({ imports: [KlarefiModule.forRoot(klarefiOptions(options))] })
  class AdapterModule {}
  return AdapterModule;
}

// Nest has parsed the JSON already (rawBody: true keeps the bytes too), so the hand-written
// route only checks the signature over `req.rawBody`: the cheapest correct Nest route.
function baselineModule({ secret }: ScenarioOptions): object {
  @Controller()
  class WebhookController {
    @Post(WEBHOOK_PATH)
    @HttpCode(200)
    webhook(
      @Req() req: { rawBody: Buffer; body: unknown; headers: Record<string, string | string[] | undefined> },
    ) {
      try {
        floorCheck(req.rawBody, req.headers['x-klarefi-signature'], secret);
      } catch {
        throw new UnauthorizedException('invalid signature');
      }
      return { received: true };
    }
  }
  @Module({ controllers: [WebhookController] })
  class BaselineModule {}
  return BaselineModule;
}

// The peer verifier over `req.rawBody`, called as its README shows (it parses the JSON again).
function peerModule({ secret }: ScenarioOptions): object {
  const webhook = new Webhook(peerSecret(secret));
  @Controller()
  class WebhookController {
    @Post(WEBHOOK_PATH)
    @HttpCode(200)
    webhook(@Req() req: { rawBody: Buffer; headers: Record<string, string> }) {
      try {
        webhook.verify(req.rawBody, req.headers);
      } catch {
        throw new UnauthorizedException('invalid signature');
      }
      return { received: true };
    }
  }
  @Module({ controllers: [WebhookController] })
  class PeerModule {}
  return PeerModule;
}

/** NestJS on Express with `KlarefiModule.forRoot`. */
export const nestExpressAdapter: StartScenario = (options) => start('express', adapterModule(options));
/** NestJS on Express with a hand-written controller. */
export const nestExpressBaseline: StartScenario = (options) => start('express', baselineModule(options));
/** NestJS on Fastify with `KlarefiModule.forRoot`. */
export const nestFastifyAdapter: StartScenario = (options) => start('fastify', adapterModule(options));
/** NestJS on Fastify with a hand-written controller. */
export const nestFastifyBaseline: StartScenario = (options) => start('fastify', baselineModule(options));
/** NestJS on Express with a controller on `standardwebhooks`. */
export const nestExpressPeer: StartScenario = (options) => start('express', peerModule(options));
/** NestJS on Fastify with a controller on `standardwebhooks`. */
export const nestFastifyPeer: StartScenario = (options) => start('fastify', peerModule(options));
