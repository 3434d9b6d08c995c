import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { defineKlarefiHandler } from '@klarefi/h3';
import {
  createApp,
  defineEventHandler,
  getRequestHeader,
  readRawBody,
  setResponseStatus,
  toNodeListener,
} from 'h3';
import { Webhook } from 'standardwebhooks';
import { floorVerify } from '../floor.js';
import { peerSecret } from '../payloads.js';
import { klarefiOptions, listen, type StartScenario, WEBHOOK_PATH } from './common.js';

/** h3 2 on its Node listener with `defineKlarefiHandler` as the first middleware. */
export const h3Adapter: StartScenario = async (options) => {
  const app = createApp();
  app.use(defineKlarefiHandler(klarefiOptions(options)));
  return listen(createServer(toNodeListener(app)));
};

/** h3 2 with a hand-written route reading `readRawBody(event, false)`. */
export const h3Baseline: StartScenario = async ({ secret }) => {
  const app = createApp();
  app.post(
    WEBHOOK_PATH,
    defineEventHandler(async (event) => {
      const body = Buffer.from((await readRawBody(event, false)) ?? new Uint8Array(0));
      try {
        floorVerify(body, getRequestHeader(event, 'x-klarefi-signature'), secret);
      } catch {
        setResponseStatus(event, 401);
        return { error: 'invalid signature' };
      }
      return { received: true };
    }),
  );
  return listen(createServer(toNodeListener(app)));
};

/** h3 2 with a route on `standardwebhooks`: the same bytes under its own headers. */
export const h3Peer: StartScenario = async ({ secret }) => {
  const webhook = new Webhook(peerSecret(secret));
  const app = createApp();
  app.post(
    WEBHOOK_PATH,
    defineEventHandler(async (event) => {
      const body = Buffer.from((await readRawBody(event, false)) ?? new Uint8Array(0));
      try {
        webhook.verify(body, Object.fromEntries(event.req.headers));
      } catch {
        setResponseStatus(event, 401);
        return { error: 'invalid signature' };
      }
      return { received: true };
    }),
  );
  return listen(createServer(toNodeListener(app)));
};
