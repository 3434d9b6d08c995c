import { bodyParser } from '@koa/bodyparser';
import {
  ClaimStore,
  claimsPage,
  type ExampleConfig,
  exampleConfig,
  homePage,
  resultPage,
  returnUrl,
} from '@klarefi/example-kit';
import { klarefi } from '@klarefi/koa';
import { RedisDedupeStore } from '@klarefi/redis';
import { Redis } from 'ioredis';
import Koa from 'koa';

/** The example app, without listening: tests call `app.callback()` on it. */
export function createApp(config: ExampleConfig = exampleConfig(), store = new ClaimStore()): Koa {
  const app = new Koa();

  // Before the body parser, so the webhook's bytes are verified exactly as sent.
  app.use(
    klarefi({
      apiKey: config.apiKey,
      baseUrl: config.baseUrl,
      webhookSecret: config.webhookSecret,
      startClaim: {
        caseTypeId: config.caseTypeId,
        locale: config.locale,
        session: (ctx) => ({ return_url: returnUrl(config, ctx.get('host')) }),
      },
      // Several instances? One shared dedupe store runs each delivery once across them.
      webhook: {
        dedupe: config.redisUrl ? new RedisDedupeStore({ client: new Redis(config.redisUrl) }) : undefined,
      },
      onEvent: (event, { claim }) => store.record(event, claim),
    }),
  );
  app.use(bodyParser());

  app.use((ctx) => {
    if (ctx.method !== 'GET') return;
    if (ctx.path === '/') ctx.body = homePage(config.locale);
    else if (ctx.path === '/claims') ctx.body = claimsPage(store, config.locale);
    else if (ctx.path === '/claims/result')
      ctx.body = resultPage(store, ctx.query.case_id as string | undefined, config.locale);
  });
  return app;
}
