import {
  ClaimStore,
  claimsPage,
  type ExampleConfig,
  exampleConfig,
  homePage,
  resultPage,
  returnUrl,
} from '@klarefi/example-kit';
import { klarefi } from '@klarefi/hono';
import { RedisDedupeStore } from '@klarefi/redis';
import { Hono } from 'hono';
import { Redis } from 'ioredis';

/** The example app, without listening: tests call `app.request()` on it. */
export function createApp(config: ExampleConfig = exampleConfig(), store = new ClaimStore()) {
  const app = new Hono();

  app.use(
    klarefi({
      apiKey: config.apiKey,
      baseUrl: config.baseUrl,
      webhookSecret: config.webhookSecret,
      startClaim: {
        caseTypeId: config.caseTypeId,
        locale: config.locale,
        session: (c) => ({ return_url: returnUrl(config, c.req.header('host')) }),
      },
      // Several instances? One shared dedupe store runs each delivery once across them.
      webhook: {
        dedupe: config.redisUrl ? new RedisDedupeStore({ client: new Redis(config.redisUrl) }) : undefined,
      },
      onEvent: (event, { claim }) => store.record(event, claim),
    }),
  );

  app.get('/', (c) => c.html(homePage(config.locale)));
  app.get('/claims', (c) => c.html(claimsPage(store, config.locale)));
  app.get('/claims/result', (c) => c.html(resultPage(store, c.req.query('case_id'), config.locale)));
  return app;
}
