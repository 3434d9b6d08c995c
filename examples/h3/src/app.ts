import {
  ClaimStore,
  claimsPage,
  type ExampleConfig,
  exampleConfig,
  homePage,
  resultPage,
  returnUrl,
} from '@klarefi/example-kit';
import { defineKlarefiHandler } from '@klarefi/h3';
import { RedisDedupeStore } from '@klarefi/redis';
import { createApp as createH3App, getQuery, getRequestHeader, type H3 } from 'h3';
import { Redis } from 'ioredis';

const html = (page: string) =>
  new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } });

/** The example app, without listening: tests serve it with h3's Node listener. */
export function createApp(config: ExampleConfig = exampleConfig(), store = new ClaimStore()): H3 {
  const app = createH3App();

  // First, as Nitro and Nuxt run server/middleware/klarefi.ts before their routes.
  app.use(
    defineKlarefiHandler({
      apiKey: config.apiKey,
      baseUrl: config.baseUrl,
      webhookSecret: config.webhookSecret,
      startClaim: {
        caseTypeId: config.caseTypeId,
        locale: config.locale,
        session: (event) => ({ return_url: returnUrl(config, getRequestHeader(event, 'host')) }),
      },
      // Several instances? One shared dedupe store runs each delivery once across them.
      webhook: {
        dedupe: config.redisUrl ? new RedisDedupeStore({ client: new Redis(config.redisUrl) }) : undefined,
      },
      onEvent: (event, { claim }) => store.record(event, claim),
    }),
  );

  app.get('/', () => html(homePage(config.locale)));
  app.get('/claims', () => html(claimsPage(store, config.locale)));
  app.get('/claims/result', (event) =>
    html(resultPage(store, getQuery(event).case_id as string | undefined, config.locale)),
  );
  return app;
}
