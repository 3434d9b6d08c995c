import formbody from '@fastify/formbody';
import {
  ClaimStore,
  claimsPage,
  type ExampleConfig,
  exampleConfig,
  homePage,
  resultPage,
  returnUrl,
} from '@klarefi/example-kit';
import klarefi from '@klarefi/fastify';
import { RedisDedupeStore } from '@klarefi/redis';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { Redis } from 'ioredis';

/**
 * The example app, not listening yet: tests use `app.inject()` or `app.listen({ port: 0 })`.
 * Plugins load on `ready()`, `listen()` or the first `inject()`; a configuration mistake is
 * reported there.
 */
export function createApp(
  config: ExampleConfig = exampleConfig(),
  store = new ClaimStore(),
  fastifyOptions: FastifyServerOptions = {},
): FastifyInstance {
  const app = Fastify(fastifyOptions);

  // The app's own form parser; the Klarefi routes parse their bodies themselves (raw bytes).
  app.register(formbody);

  app.register(klarefi, {
    apiKey: config.apiKey,
    baseUrl: config.baseUrl,
    webhookSecret: config.webhookSecret,
    startClaim: {
      caseTypeId: config.caseTypeId,
      locale: config.locale,
      session: (request) => ({ return_url: returnUrl(config, request.headers.host) }),
    },
    // Several instances? One shared dedupe store runs each delivery once across them.
    webhook: {
      dedupe: config.redisUrl ? new RedisDedupeStore({ client: new Redis(config.redisUrl) }) : undefined,
    },
    onEvent: async (event, { claim, request }) => {
      const record = await store.record(event, claim);
      request.log.info({ caseId: record?.caseId, status: record?.status }, 'verified Klarefi webhook');
    },
  });

  app.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(homePage(config.locale)),
  );
  app.get('/claims', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(claimsPage(store, config.locale)),
  );
  app.get<{ Querystring: { case_id?: string | string[] } }>('/claims/result', async (request, reply) => {
    const caseId = typeof request.query.case_id === 'string' ? request.query.case_id : undefined;
    return reply.type('text/html; charset=utf-8').send(resultPage(store, caseId, config.locale));
  });

  return app;
}
