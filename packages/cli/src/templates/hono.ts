import { header, type Template } from './types.js';

const install = 'npm install hono @hono/node-server @klarefi/hono && npm install -D tsx';
const run = 'npx tsx {file}';
const webhookUrl = 'http://127.0.0.1:3000/webhooks/klarefi';

/** Hono on Node: the `klarefi()` middleware. */
export const hono: Template = {
  framework: 'hono',
  defaultOut: 'klarefi-server.ts',
  install,
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/start-claim',
  note: 'On Workers, Bun or Deno, keep the app and export it instead of calling serve().',
  source: `${header('Hono', install, run, webhookUrl)}
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { klarefi } from '@klarefi/hono';

const apiKey = process.env.KLAREFI_API_KEY;
const webhookSecret = process.env.KLAREFI_WEBHOOK_SECRET;
if (!apiKey || !webhookSecret) {
  throw new Error('Set KLAREFI_API_KEY and KLAREFI_WEBHOOK_SECRET (\`npx klarefi dev\` prints test values).');
}

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
