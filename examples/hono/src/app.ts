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
import { Hono } from 'hono';

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
      onEvent: (event) => {
        store.record(event);
      },
    }),
  );

  app.get('/', (c) => c.html(homePage()));
  app.get('/claims', (c) => c.html(claimsPage(store)));
  app.get('/claims/result', (c) => c.html(resultPage(store, c.req.query('case_id'))));
  return app;
}
