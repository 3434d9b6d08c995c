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

/** Koa: the `klarefi()` middleware with `app.use()`, before any body parser; the root README's Koa block. */
export const koa: Template = {
  framework: 'koa',
  defaultOut: 'klarefi-server.ts',
  packages: ['koa', '@klarefi/koa', '@klarefi/sdk'],
  devPackages: ['tsx', '@types/koa'],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/start-claim',
  source: (setup) => `${header('Koa', setup, run, webhookUrl)}
import Koa from 'koa';
import { klarefi } from '@klarefi/koa';
${redisImports(setup)}

${ENV_CHECK}

const app = new Koa();

// Before any body parser: the middleware reads the webhook's raw bytes itself.
app.use(
  klarefi({
    ${FROM_ENV}
    // GET /start-claim creates an intake session and redirects the claimant to the hosted form.
    startClaim: { caseTypeId: 'motor_claim', locale: 'nl' },
    // POST /webhooks/klarefi checks the signature, then runs the handler; other paths go to next().
    // webhook: { ${REDIS_DEDUPE} }, // redis
    on: {
      ${completedHandler(setup, '      ')}
    },
  }),
);

app.use((ctx) => {
  if (ctx.path === '/') ctx.body = 'Start a claim at /start-claim';
});

app.listen(3000, '127.0.0.1', () => {
  console.log('Listening on http://127.0.0.1:3000; start a claim at /start-claim');
});
`,
};
