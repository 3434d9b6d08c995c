import { ENV_CHECK, header, REDIS_DEDUPE, redisImports, type Template } from './types.js';

const run = 'npx tsx {file}';
const webhookUrl = 'http://127.0.0.1:3000/webhooks/klarefi';

/** Hono on Node: the `klarefi()` middleware. */
export const hono: Template = {
  framework: 'hono',
  defaultOut: 'klarefi-server.ts',
  packages: ['hono', '@hono/node-server', '@klarefi/hono'],
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
    apiKey,
    // Unset means Klarefi's service; \`klarefi dev\` prints the emulator's URL.
    baseUrl: process.env.KLAREFI_API_BASE_URL,
    webhookSecret,
    // GET /start-claim creates an intake session and redirects the claimant to the hosted form.
    startClaim: { caseTypeId: 'motor_claim' },
    // POST /webhooks/klarefi checks the signature, then runs the handler for the event.
    // webhook: { ${REDIS_DEDUPE} }, // redis
    on: {
      'case.completed': async (event) => {
        console.log('Case completed:', event.case_id);
        console.log(JSON.stringify(event.data.features ?? {}, null, 2));
      },
    },
  }),
);

app.get('/', (c) => c.text('Start a claim at /start-claim'));

const port = Number(process.env.PORT ?? 3000);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => {
  console.log(\`Listening on http://127.0.0.1:\${info.port}; start a claim at /start-claim\`);
});
`,
};
