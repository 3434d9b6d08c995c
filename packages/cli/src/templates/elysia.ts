import {
  completedHandler,
  ENV_CHECK,
  FROM_ENV,
  header,
  REDIS_DEDUPE,
  redisImports,
  type Template,
} from './types.js';

const run = 'bun {file}';
const webhookUrl = 'http://127.0.0.1:3000/webhooks/klarefi';

/** Elysia on Bun: the `klarefi()` plugin with `.use()`; the root README's Elysia block. */
export const elysia: Template = {
  framework: 'elysia',
  defaultOut: 'klarefi-server.ts',
  packages: ['elysia', '@klarefi/elysia', '@klarefi/sdk'],
  devPackages: [],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/start-claim',
  note: 'With Bun, `bun add elysia @klarefi/elysia @klarefi/sdk` installs the same. On Node.js, install @elysiajs/node and tsx, create the app with new Elysia({ adapter: node() }) and run it with npx tsx.',
  source: (setup) => `${header('Elysia', setup, run, webhookUrl)}
import { Elysia } from 'elysia';
import { klarefi } from '@klarefi/elysia';
${redisImports(setup)}

${ENV_CHECK}

// On Node.js: new Elysia({ adapter: node() }), with \`import { node } from '@elysiajs/node'\`.
const app = new Elysia()
  .use(
    klarefi({
      ${FROM_ENV}
      // GET /start-claim creates an intake session and redirects the claimant to the hosted form.
      startClaim: { caseTypeId: 'motor_claim', locale: 'nl' },
      // POST /webhooks/klarefi skips Elysia's body parsing, checks the signature, then runs the handler.
      // webhook: { ${REDIS_DEDUPE} }, // redis
      on: {
        ${completedHandler(setup, '        ')}
      },
    }),
  )
  .get('/', () => 'Start a claim at /start-claim')
  .listen({ port: 3000, hostname: '127.0.0.1' });

console.log('Listening on http://127.0.0.1:3000; start a claim at /start-claim');
`,
};
