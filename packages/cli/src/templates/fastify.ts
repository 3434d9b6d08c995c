import { ENV_CHECK, header, REDIS_DEDUPE, redisImports, type Template } from './types.js';

const run = 'npx tsx {file}';
const webhookUrl = 'http://127.0.0.1:3000/webhooks/klarefi';

/** Fastify: the `klarefi` plugin registered with `app.register()`. */
export const fastify: Template = {
  framework: 'fastify',
  defaultOut: 'klarefi-server.ts',
  packages: ['fastify', '@klarefi/fastify'],
  devPackages: ['tsx'],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/start-claim',
  source: (setup) => `${header('Fastify', setup, run, webhookUrl)}
import Fastify from 'fastify';
import klarefi from '@klarefi/fastify';
${redisImports(setup)}

${ENV_CHECK}

const app = Fastify({ logger: true });

app.register(klarefi, {
  apiKey,
  // Unset means Klarefi's service; \`klarefi dev\` prints the emulator's URL.
  baseUrl: process.env.KLAREFI_API_BASE_URL,
  webhookSecret,
  // GET /start-claim creates an intake session and redirects the claimant to the hosted form.
  startClaim: { caseTypeId: 'motor_claim' },
  // POST /webhooks/klarefi checks the signature (over the raw body), then runs the handler.
  // webhook: { ${REDIS_DEDUPE} }, // redis
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
