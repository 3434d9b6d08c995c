import {
  ClaimStore,
  claimsPage,
  type ExampleConfig,
  exampleConfig,
  homePage,
  resultPage,
  returnUrl,
} from '@klarefi/example-kit';
import { klarefiRouter } from '@klarefi/express';
import { RedisDedupeStore } from '@klarefi/redis';
import express, { type Express } from 'express';
import { Redis } from 'ioredis';

/** The example app, without listening: tests drive it with supertest or their own server. */
export function createApp(config: ExampleConfig = exampleConfig(), store = new ClaimStore()): Express {
  const app = express();

  // Before any body parser: the router reads the webhook's raw bytes itself to check the signature.
  app.use(
    klarefiRouter({
      apiKey: config.apiKey,
      baseUrl: config.baseUrl,
      webhookSecret: config.webhookSecret,
      startClaim: {
        caseTypeId: config.caseTypeId,
        locale: config.locale,
        session: (req) => ({ return_url: returnUrl(config, req.get('host')) }),
      },
      // Several instances? One shared dedupe store runs each delivery once across them.
      webhook: {
        dedupe: config.redisUrl ? new RedisDedupeStore({ client: new Redis(config.redisUrl) }) : undefined,
      },
      onEvent: (event, { claim }) => store.record(event, claim),
    }),
  );

  app.get('/', (_req, res) => {
    res.send(homePage(config.locale));
  });
  app.get('/claims', (_req, res) => {
    res.send(claimsPage(store, config.locale));
  });
  app.get('/claims/result', (req, res) => {
    const caseId = typeof req.query.case_id === 'string' ? req.query.case_id : undefined;
    res.send(resultPage(store, caseId, config.locale));
  });

  return app;
}

/** The app configured from the environment (`klarefi dev`'s values by default). */
export const app: Express = createApp();
