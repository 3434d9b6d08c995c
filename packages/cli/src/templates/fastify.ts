import { header, type Template } from './types.js';

const install = 'npm install fastify @klarefi/fastify && npm install -D tsx';
const run = 'npx tsx {file}';
const webhookUrl = 'http://127.0.0.1:3000/webhooks/klarefi';

/** Fastify: the `klarefi` plugin registered with `app.register()`. */
export const fastify: Template = {
  framework: 'fastify',
  defaultOut: 'klarefi-server.ts',
  install,
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/start-claim',
  source: `${header('Fastify', install, run, webhookUrl)}
import Fastify from 'fastify';
import klarefi from '@klarefi/fastify';

const apiKey = process.env.KLAREFI_API_KEY;
const webhookSecret = process.env.KLAREFI_WEBHOOK_SECRET;
if (!apiKey || !webhookSecret) {
  throw new Error('Set KLAREFI_API_KEY and KLAREFI_WEBHOOK_SECRET (\`npx klarefi dev\` prints test values).');
}

const app = Fastify({ logger: true });

app.register(klarefi, {
  apiKey,
  // Unset means Klarefi's service; \`klarefi dev\` prints the emulator's URL.
  baseUrl: process.env.KLAREFI_API_BASE_URL,
  webhookSecret,
  // GET /start-claim creates an intake session and redirects the claimant to the hosted form.
  startClaim: { caseTypeId: 'motor_claim' },
  // POST /webhooks/klarefi checks the signature (over the raw body), then runs the handler.
  on: {
    'case.completed': async (event) => {
      app.log.info({ caseId: event.case_id, features: event.data.features }, 'Case completed');
    },
  },
});

const port = Number(process.env.PORT ?? 3000);
app.listen({ port, host: '127.0.0.1' }).catch((error) => {
  app.log.error(error);
  process.exit(1);
});
`,
};
