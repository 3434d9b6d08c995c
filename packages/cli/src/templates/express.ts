import {
  completedHandler,
  ENV_CHECK,
  FROM_ENV,
  header,
  REDIS_DEDUPE,
  redisImports,
  type Template,
} from './types.js';

const run = 'npx tsx {file}';
const webhookUrl = 'http://127.0.0.1:3000/webhooks/klarefi';

/** Express: `klarefiRouter()` mounted with `app.use()`; the root README's Express block. */
export const express: Template = {
  framework: 'express',
  defaultOut: 'klarefi-server.ts',
  packages: ['express', '@klarefi/express', '@klarefi/sdk'],
  devPackages: ['tsx', '@types/express'],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/start-claim',
  source: (setup) => `${header('Express', setup, run, webhookUrl)}
import express from 'express';
import { klarefiRouter } from '@klarefi/express';
${redisImports(setup)}

${ENV_CHECK}

const app = express();

app.use(
  klarefiRouter({
    ${FROM_ENV}
    // GET /start-claim creates an intake session and redirects the claimant to the hosted form.
    startClaim: { caseTypeId: 'motor_claim', locale: 'nl' },
    // POST /webhooks/klarefi checks the signature and answers every refusal itself (JSON, with a code).
    // webhook: { ${REDIS_DEDUPE} }, // redis
    on: {
      ${completedHandler(setup, '      ')}
    },
  }),
);
app.use(express.json()); // your own routes may parse JSON; the router reads its own raw body

app.listen(3000, '127.0.0.1', () => {
  console.log('Listening on http://127.0.0.1:3000; start a claim at /start-claim');
});
`,
};
