import { enqueueEvents } from '@klarefi/bullmq';
import { type ExampleConfig, homePage, returnUrl } from '@klarefi/example-kit';
import { klarefiRouter } from '@klarefi/express';
import { type KlarefiLogger, logWebhookOutcomes } from '@klarefi/sdk';
import type { Queue } from 'bullmq';
import express, { type Express } from 'express';

/**
 * The web side: verify, put the event in the queue, answer. Nothing slow happens here.
 * Each delivery's outcome goes to `logger` (pino, Fastify's logger, or `console`).
 */
export function createWebApp(config: ExampleConfig, queue: Queue, logger: KlarefiLogger = console): Express {
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
      // 200 once Redis has the job; 503 queue_unavailable (Klarefi retries) when it cannot take it.
      onEvent: enqueueEvents(queue),
      webhook: { onOutcome: logWebhookOutcomes(logger) },
    }),
  );
  app.get('/', (_req, res) => {
    res.send(homePage(config.locale));
  });
  return app;
}
