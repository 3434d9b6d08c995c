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
import express, { type Express } from 'express';

/**
 * The example's Express app. The Functions Framework has parsed the body before the app runs and
 * kept its exact bytes as `req.rawBody`; `klarefiRouter` verifies those bytes.
 */
export function createApp(config: ExampleConfig = exampleConfig(), store = new ClaimStore()): Express {
  const app = express();
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
