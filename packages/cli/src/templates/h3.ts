import { completedHandler, FROM_ENV, header, REDIS_DEDUPE, redisImports, type Template } from './types.js';

const run = 'npx nuxi dev --host 127.0.0.1';
const webhookUrl = 'http://127.0.0.1:3000/webhooks/klarefi';
const envFile = '.env';

/**
 * h3, as Nuxt and Nitro run it: a server middleware file; the root README's "h3 and Nuxt" block.
 * A plain h3 app passes the same handler to `app.use()` (the package README shows it).
 */
export const h3: Template = {
  framework: 'h3',
  defaultOut: 'server/middleware/klarefi.ts',
  packages: ['@klarefi/h3', '@klarefi/sdk'],
  devPackages: [],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/start-claim',
  envFile,
  note: 'This is a Nuxt (or Nitro: `npx nitropack dev`) server middleware; keep it in server/middleware/. In a plain h3 app, pass the same defineKlarefiHandler({...}) to app.use().',
  source: (setup) => `${header('Nuxt and Nitro (h3)', setup, run, webhookUrl, envFile)}
import { defineKlarefiHandler } from '@klarefi/h3';
${redisImports(setup)}

// Nuxt and Nitro run each file in server/middleware/ for every request: this one answers
// GET /start-claim and POST /webhooks/klarefi and returns nothing for every other path, so your
// pages and API routes are served as before.
export default defineKlarefiHandler({
  ${FROM_ENV}
  // GET /start-claim creates an intake session and redirects the claimant to the hosted form.
  startClaim: { caseTypeId: 'motor_claim', locale: 'nl' },
  // POST /webhooks/klarefi checks the signature over the raw body (h3's own reader), then runs the handler.
  // webhook: { ${REDIS_DEDUPE} }, // redis
  on: {
    ${completedHandler(setup, '    ')}
  },
});
`,
};
