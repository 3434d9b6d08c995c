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

/** Hono on Node: the `klarefi()` middleware; the root README's Hono block. */
export const hono: Template = {
  framework: 'hono',
  defaultOut: 'klarefi-server.ts',
  packages: ['hono', '@hono/node-server', '@klarefi/hono', '@klarefi/sdk'],
  devPackages: ['tsx'],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/start-claim',
  note: 'On Workers, Bun or Deno, keep the app and export it instead of calling serve().',
  source: (setup) => `${header('Hono', setup, run, webhookUrl)}
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { klarefi } from '@klarefi/hono';
${redisImports(setup)}

${ENV_CHECK}

const app = new Hono();

app.use(
  klarefi({
    ${FROM_ENV}
    // GET /start-claim creates an intake session and redirects the claimant to the hosted form.
    startClaim: { caseTypeId: 'motor_claim', locale: 'nl' },
    // POST /webhooks/klarefi checks the signature, then runs the handler for the event.
    // webhook: { ${REDIS_DEDUPE} }, // redis
    on: {
      ${completedHandler(setup, '      ')}
    },
  }),
);

app.get('/', (c) => c.text('Start a claim at /start-claim'));

// Node.js; on Bun, Deno or Cloudflare Workers, \`export default app\` serves it instead.
serve({ fetch: app.fetch, port: 3000, hostname: '127.0.0.1' }, () => {
  console.log('Listening on http://127.0.0.1:3000; start a claim at /start-claim');
});
`,
};
