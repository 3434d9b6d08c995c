import { klarefi } from '@klarefi/fastify';
import Fastify from 'fastify';
import { Webhook } from 'standardwebhooks';
import { floorVerify } from '../floor.js';
import { peerSecret } from '../payloads.js';
import { type Listening, klarefiOptions, type StartScenario, WEBHOOK_PATH } from './common.js';

async function start(app: ReturnType<typeof Fastify>): Promise<Listening> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, close: () => app.close() };
}

/** Fastify 5 with the `klarefi` plugin. */
export const fastifyAdapter: StartScenario = async (options) => {
  const app = Fastify({ logger: false });
  await app.register(klarefi, klarefiOptions(options));
  return start(app);
};

/** Fastify 5 with a hand-written route and a scoped Buffer content-type parser. */
export const fastifyBaseline: StartScenario = async ({ secret }) => {
  const app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post(WEBHOOK_PATH, async (request, reply) => {
    try {
      floorVerify(request.body as Buffer, request.headers['x-klarefi-signature'], secret);
    } catch {
      return reply.code(401).send({ error: 'invalid signature' });
    }
    return { received: true };
  });
  return start(app);
};

/** Fastify 5 with the peer verifier: the same Buffer parser, `standardwebhooks`' `Webhook.verify`. */
export const fastifyPeer: StartScenario = async ({ secret }) => {
  const webhook = new Webhook(peerSecret(secret));
  const app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post(WEBHOOK_PATH, async (request, reply) => {
    try {
      webhook.verify(request.body as Buffer, request.headers as Record<string, string>);
    } catch {
      return reply.code(401).send({ error: 'invalid signature' });
    }
    return { received: true };
  });
  return start(app);
};
