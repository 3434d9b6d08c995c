import { completedHandler, header, REDIS_DEDUPE, redisImports, type Template } from './types.js';

const run = 'npm start';
const webhookUrl = 'http://127.0.0.1:7071/api/webhooks/klarefi';
const envFile = 'local.settings.json ("Values")';

/** Azure Functions (v4 model): one `app.http()` per route in src/functions/; the root README's Azure Functions block. */
export const azureFunctions: Template = {
  framework: 'azure-functions',
  defaultOut: 'src/functions/klarefi.ts',
  packages: ['@azure/functions', '@klarefi/azure-functions', '@klarefi/sdk'],
  devPackages: [],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:7071/api/start-claim',
  envFile,
  note: 'Write it into a TypeScript Functions app (`func init --worker-runtime node --language typescript`, Node.js 20 or later), whose `npm start` builds and runs `func start` (Azure Functions Core Tools). In Azure the KLAREFI_* variables are app settings.',
  source: (setup) => `${header('Azure Functions (v4 model)', setup, run, webhookUrl, envFile)}
import { app } from '@azure/functions';
import { klarefiAzure } from '@klarefi/azure-functions';
${redisImports(setup)}

// Checked and built once per worker, when the host loads this file.
const klarefi = klarefiAzure({
  // apiKey, baseUrl, webhookSecret: from the app settings KLAREFI_API_KEY, KLAREFI_API_BASE_URL, KLAREFI_WEBHOOK_SECRET
  startClaim: { caseTypeId: 'motor_claim', locale: 'nl' },
  // webhook: { ${REDIS_DEDUPE} }, // redis
  on: {
    ${completedHandler(setup, '    ', 'request.context.log', 'claim, request')}
  },
});

// GET /api/start-claim creates an intake session and redirects the claimant to the hosted form.
app.http('klarefiStartClaim', {
  route: 'start-claim',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: klarefi,
});

// POST /api/webhooks/klarefi checks the signature over the request's own body bytes, then runs the handler.
app.http('klarefiWebhook', {
  route: 'webhooks/klarefi',
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: klarefi,
});
`,
};
