import { Buffer } from 'node:buffer';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { klarefi } from '@klarefi/hono';
import { Hono } from 'hono';
import { Webhook } from 'standardwebhooks';
import { floorVerify } from '../floor.js';
import { peerSecret } from '../payloads.js';
import { type Listening, klarefiOptions, listening, type StartScenario, WEBHOOK_PATH } from './common.js';

function start(app: Hono): Promise<Listening> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve(listening(server as Server)),
    );
  });
}

/** Hono on @hono/node-server with the `klarefi` middleware. */
export const honoAdapter: StartScenario = async (options) => {
  const app = new Hono();
  app.use(klarefi(klarefiOptions(options)));
  return start(app);
};

/** Hono on @hono/node-server with a hand-written route reading `c.req.arrayBuffer()`. */
export const honoBaseline: StartScenario = async ({ secret }) => {
  const app = new Hono();
  app.post(WEBHOOK_PATH, async (c) => {
    const body = Buffer.from(await c.req.arrayBuffer());
    try {
      floorVerify(body, c.req.header('x-klarefi-signature'), secret);
    } catch {
      return c.json({ error: 'invalid signature' }, 401);
    }
    return c.json({ received: true });
  });
  return start(app);
};

/** Hono on @hono/node-server with the peer verifier: `c.req.text()`, `standardwebhooks`' `Webhook.verify`. */
export const honoPeer: StartScenario = async ({ secret }) => {
  const webhook = new Webhook(peerSecret(secret));
  const app = new Hono();
  app.post(WEBHOOK_PATH, async (c) => {
    const body = await c.req.text();
    try {
      webhook.verify(body, c.req.header());
    } catch {
      return c.json({ error: 'invalid signature' }, 401);
    }
    return c.json({ received: true });
  });
  return start(app);
};
