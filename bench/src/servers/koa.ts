import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { klarefi } from '@klarefi/koa';
import Koa from 'koa';
import { Webhook } from 'standardwebhooks';
import { floorVerify } from '../floor.js';
import { peerSecret } from '../payloads.js';
import { klarefiOptions, listen, type StartScenario, WEBHOOK_PATH } from './common.js';

/** Koa 3 with the `klarefi` middleware, registered the way the README shows. */
export const koaAdapter: StartScenario = async (options) => {
  const app = new Koa();
  app.use(klarefi(klarefiOptions(options)));
  return listen(createServer(app.callback()));
};

/** Koa 3 with a hand-written route: the request stream read whole, HMAC, compare, parse. */
export const koaBaseline: StartScenario = async ({ secret }) => {
  const app = new Koa();
  app.use(async (ctx, next) => {
    if (ctx.method !== 'POST' || ctx.path !== WEBHOOK_PATH) return next();
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
    try {
      floorVerify(Buffer.concat(chunks), ctx.headers['x-klarefi-signature'], secret);
    } catch {
      ctx.status = 401;
      ctx.body = { error: 'invalid signature' };
      return;
    }
    ctx.body = { received: true };
  });
  return listen(createServer(app.callback()));
};

/** Koa 3 with a route on `standardwebhooks`: the same bytes under its own headers. */
export const koaPeer: StartScenario = async ({ secret }) => {
  const webhook = new Webhook(peerSecret(secret));
  const app = new Koa();
  app.use(async (ctx, next) => {
    if (ctx.method !== 'POST' || ctx.path !== WEBHOOK_PATH) return next();
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
    try {
      webhook.verify(Buffer.concat(chunks), ctx.headers as Record<string, string>);
    } catch {
      ctx.status = 401;
      ctx.body = { error: 'invalid signature' };
      return;
    }
    ctx.body = { received: true };
  });
  return listen(createServer(app.callback()));
};
