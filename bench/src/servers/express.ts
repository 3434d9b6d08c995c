import { createServer } from 'node:http';
import { klarefiRouter } from '@klarefi/express';
import express from 'express';
import { Webhook } from 'standardwebhooks';
import { floorVerify } from '../floor.js';
import { peerSecret } from '../payloads.js';
import { klarefiOptions, listen, type StartScenario, WEBHOOK_PATH } from './common.js';

/** Express 5 with `klarefiRouter`, mounted the way the README shows. */
export const expressAdapter: StartScenario = async (options) => {
  const app = express();
  app.use(klarefiRouter(klarefiOptions(options)));
  return listen(createServer(app));
};

/** Express 5 with a hand-written route: `express.raw()` on the route, HMAC, compare, parse. */
export const expressBaseline: StartScenario = async ({ secret }) => {
  const app = express();
  app.post(WEBHOOK_PATH, express.raw({ type: 'application/json', limit: '1mb' }), (req, res) => {
    try {
      floorVerify(req.body, req.headers['x-klarefi-signature'], secret);
    } catch {
      res.status(401).json({ error: 'invalid signature' });
      return;
    }
    res.json({ received: true });
  });
  return listen(createServer(app));
};

/** Express 5 with the peer verifier: `express.raw()` on the route, `standardwebhooks`' `Webhook.verify`. */
export const expressPeer: StartScenario = async ({ secret }) => {
  const webhook = new Webhook(peerSecret(secret));
  const app = express();
  app.post(WEBHOOK_PATH, express.raw({ type: 'application/json', limit: '1mb' }), (req, res) => {
    try {
      webhook.verify(req.body, req.headers as Record<string, string>);
    } catch {
      res.status(401).json({ error: 'invalid signature' });
      return;
    }
    res.json({ received: true });
  });
  return listen(createServer(app));
};
