import { REDIS_DEDUPE, redisImports, type Template } from './types.js';

const run = 'npx next dev';
const webhookUrl = 'http://127.0.0.1:3000/api/klarefi/webhooks';

/** Next.js App Router: one catch-all route handler built with `createKlarefiHandler()`. */
export const next: Template = {
  framework: 'next',
  defaultOut: 'app/api/klarefi/[...klarefi]/route.ts',
  packages: ['@klarefi/sdk'],
  devPackages: [],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/api/klarefi/start-claim',
  note: 'If you move this file, change both paths in it to match its new URL.',
  source: (setup) => `// A Klarefi starter for Next.js (App Router), written by \`klarefi webhooks init\`.
//
${setup.install.map((line, i) => `//   ${i === 0 ? '1. Install:  ' : '             '}${line}`).join('\n')}
//   2. In another terminal:  ${setup.klarefi} dev --forward-to ${webhookUrl}
//      and put the KLAREFI_API_KEY, KLAREFI_API_BASE_URL and KLAREFI_WEBHOOK_SECRET it prints in .env.local.
//   3. Run:  ${run}, then open /api/klarefi/start-claim.
//
// Against Klarefi itself, set your own key and the endpoint's signing secret instead.
import { createKlarefiHandler } from '@klarefi/sdk';
${redisImports(setup)}

const apiKey = process.env.KLAREFI_API_KEY;
const webhookSecret = process.env.KLAREFI_WEBHOOK_SECRET;

// Without the variables, both routes answer 500 saying what to set (one log line, no stack trace).
function missingEnvironment(): Response {
  const message = 'Set KLAREFI_API_KEY and KLAREFI_WEBHOOK_SECRET in .env.local (\`klarefi dev\` prints test values).';
  console.error(message);
  return new Response(message, { status: 500 });
}

const handler =
  apiKey && webhookSecret
    ? createKlarefiHandler({
        apiKey,
        // Unset means Klarefi's service; \`klarefi dev\` prints the emulator's URL.
        baseUrl: process.env.KLAREFI_API_BASE_URL,
        webhookSecret,
        // GET /api/klarefi/start-claim creates an intake session and redirects the claimant to the hosted form.
        startClaim: { caseTypeId: 'motor_claim', path: '/api/klarefi/start-claim' },
        // POST /api/klarefi/webhooks checks the signature over the raw body, then runs the handler.
        webhook: {
          path: '/api/klarefi/webhooks',
          // ${REDIS_DEDUPE}, // redis
        },
        on: {
          'case.completed': async (event) => {
            console.log('Case completed:', event.case_id);
            console.log(JSON.stringify(event.data.features ?? {}, null, 2));
          },
        },
      })
    : missingEnvironment;

// Every request is signed or per-user: never cache these routes.
export const dynamic = 'force-dynamic';
export const GET = handler;
export const POST = handler;
`,
};
