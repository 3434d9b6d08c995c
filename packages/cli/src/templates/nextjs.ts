import { completedHandler, REDIS_DEDUPE, redisImports, type Template } from './types.js';

const run = 'npx next dev';
const webhookUrl = 'http://127.0.0.1:3000/api/klarefi/webhooks/klarefi';

/** Next.js App Router: one catch-all route from `@klarefi/nextjs`; the root README's Next.js block. */
export const nextjs: Template = {
  framework: 'nextjs',
  defaultOut: 'app/api/klarefi/[...klarefi]/route.ts',
  packages: ['@klarefi/nextjs', '@klarefi/sdk'],
  devPackages: [],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/api/klarefi/start-claim',
  envFile: '.env.local',
  note: 'The routes follow the file: under another folder than app/api/klarefi, both URLs change with it.',
  source: (setup) => `// A Klarefi starter for Next.js (App Router), written by \`klarefi webhooks init\`.
//
${setup.install.map((line, i) => `//   ${i === 0 ? '1. Install:  ' : '             '}${line}`).join('\n')}
//   2. In another terminal:  ${setup.klarefi} dev --forward-to ${webhookUrl}
//      and put the KLAREFI_API_KEY, KLAREFI_API_BASE_URL and KLAREFI_WEBHOOK_SECRET it prints in .env.local.
//   3. Run:  ${run}, then open /api/klarefi/start-claim.
//
// Against Klarefi itself, set your own key and the endpoint's signing secret instead.
import { klarefi } from '@klarefi/nextjs';
${redisImports(setup)}

// KLAREFI_API_KEY and KLAREFI_WEBHOOK_SECRET are read on the first request, not by \`next build\`.
export const { GET, POST } = klarefi({
  // GET /api/klarefi/start-claim creates an intake session and redirects to the hosted form.
  startClaim: { caseTypeId: 'motor_claim', locale: 'nl' },
  // POST /api/klarefi/webhooks/klarefi checks the signature over the raw body, then runs the handler.
  // webhook: { ${REDIS_DEDUPE} }, // redis
  on: {
    ${completedHandler(setup, '    ')}
  },
});
`,
};
