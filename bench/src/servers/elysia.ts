import { Buffer } from 'node:buffer';
import { node } from '@elysiajs/node';
import { klarefi } from '@klarefi/elysia';
import { Elysia } from 'elysia';
import { Webhook } from 'standardwebhooks';
import { floorVerify } from '../floor.js';
import { peerSecret } from '../payloads.js';
import { type Listening, klarefiOptions, type StartScenario, WEBHOOK_PATH } from './common.js';

// Elysia on Node.js runs on its Node adapter (@elysiajs/node), as its docs show.
// Its server info reports the port it was given (0); the srvx server under it knows the real one.
function start(app: Elysia<any, any, any, any, any, any, any>): Promise<Listening> {
  return new Promise((resolve) => {
    app.listen({ hostname: '127.0.0.1', port: 0 }, async (server) => {
      const raw = (server as unknown as { raw: { ready(): Promise<unknown>; url: string } }).raw;
      await raw.ready();
      resolve({ port: Number(new URL(raw.url).port), close: async () => void (await server.stop(true)) });
    });
  });
}

/** Elysia 1.4 on @elysiajs/node with the `klarefi` plugin. */
export const elysiaAdapter: StartScenario = async (options) =>
  start(new Elysia({ adapter: node() }).use(klarefi(klarefiOptions(options))));

/** Elysia 1.4 on @elysiajs/node with a hand-written route reading `request.arrayBuffer()`. */
export const elysiaBaseline: StartScenario = async ({ secret }) =>
  start(
    new Elysia({ adapter: node() }).post(
      WEBHOOK_PATH,
      async ({ request, set }) => {
        const body = Buffer.from(await request.arrayBuffer());
        try {
          floorVerify(body, request.headers.get('x-klarefi-signature') ?? undefined, secret);
        } catch {
          set.status = 401;
          return { error: 'invalid signature' };
        }
        return { received: true };
      },
      { parse: 'none' },
    ),
  );

/** Elysia 1.4 with a route on `standardwebhooks`: the same bytes under its own headers. */
export const elysiaPeer: StartScenario = async ({ secret }) => {
  const webhook = new Webhook(peerSecret(secret));
  return start(
    new Elysia({ adapter: node() }).post(
      WEBHOOK_PATH,
      async ({ request, set }) => {
        const body = Buffer.from(await request.arrayBuffer());
        try {
          webhook.verify(body, Object.fromEntries(request.headers));
        } catch {
          set.status = 401;
          return { error: 'invalid signature' };
        }
        return { received: true };
      },
      { parse: 'none' },
    ),
  );
};
