import {
  claimComment,
  ENV_CHECK,
  FROM_ENV,
  header,
  REDIS_DEDUPE,
  redisImports,
  type Template,
} from './types.js';

const run = 'npx tsx {file}';
const webhookUrl = 'http://127.0.0.1:3000/webhooks/klarefi';

/** Fastify: the `klarefi` plugin registered with `app.register()`; the root README's Fastify block. */
export const fastify: Template = {
  framework: 'fastify',
  defaultOut: 'klarefi-server.ts',
  packages: ['fastify', '@klarefi/fastify', '@klarefi/sdk'],
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
  ${FROM_ENV}
  // GET /start-claim creates an intake session and redirects the claimant to the hosted form.
  startClaim: { caseTypeId: 'motor_claim', locale: 'nl' },
  // POST /webhooks/klarefi checks the signature (over the raw body), then runs the handler.
  // webhook: { ${REDIS_DEDUPE} }, // redis
  on: {
    'case.completed': async (event, { claim }) => {
      app.log.info({ caseId: event.case_id }, 'claim completed');
      ${claimComment(setup)}
      const c = await claim();
      app.log.info({ caseTypeId: c.caseTypeId, values: c.values }, 'claim values');
    },
  },
});

app.listen({ port: 3000, host: '127.0.0.1' }).catch((error) => {
  app.log.error(error);
  process.exit(1);
});
`,
};
