import { completedHandler, header, REDIS_DEDUPE, redisImports, type Template } from './types.js';

// Astro's dev server listens on 4321 by default; 3000 keeps the URLs the same as the other starters.
const run = 'npx astro dev --port 3000';
const webhookUrl = 'http://127.0.0.1:3000/webhooks/klarefi';

/** Astro (server output): the webhook endpoint from `@klarefi/astro`, with the options start-claim shares. */
export const astro: Template = {
  framework: 'astro',
  defaultOut: 'src/pages/webhooks/klarefi.ts',
  packages: ['@klarefi/astro', '@klarefi/sdk'],
  devPackages: [],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/start-claim',
  note:
    "Needs server output (output: 'server' and an adapter, e.g. `npx astro add node`). For /start-claim, add src/pages/start-claim.ts: " +
    "import { startClaim } from '@klarefi/astro'; import { klarefiOptions } from './webhooks/klarefi'; export const { GET } = startClaim(klarefiOptions);",
  source: (
    setup,
  ) => `${header('Astro', setup, run, webhookUrl)}import { type KlarefiAstroOptions, webhooks } from '@klarefi/astro';
${redisImports(setup)}

// KLAREFI_API_KEY and KLAREFI_WEBHOOK_SECRET are read from process.env when Astro first loads this file.
// src/pages/start-claim.ts shares these options: export const { GET } = startClaim(klarefiOptions);
export const klarefiOptions: KlarefiAstroOptions = {
  // GET /start-claim creates an intake session and redirects to the hosted form.
  startClaim: { caseTypeId: 'motor_claim', locale: 'nl' },
  // webhook: { ${REDIS_DEDUPE} }, // redis
  on: {
    ${completedHandler(setup, '    ')}
  },
};

// POST /webhooks/klarefi checks the signature over the raw body, then runs the handler.
export const { POST } = webhooks(klarefiOptions);
`,
};
