import { completedHandler, FROM_ENV, header, REDIS_DEDUPE, redisImports, type Template } from './types.js';

const run = 'npx vite dev --host 127.0.0.1 --port 3000';
const webhookUrl = 'http://127.0.0.1:3000/webhooks/klarefi';

/** SvelteKit: the `klarefiHandle()` hook of `@klarefi/sveltekit`; the root README's SvelteKit block. */
export const sveltekit: Template = {
  framework: 'sveltekit',
  defaultOut: 'src/hooks.server.ts',
  packages: ['@klarefi/sveltekit', '@klarefi/sdk'],
  devPackages: [],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/start-claim',
  note: 'With adapter-node, start the built app with BODY_SIZE_LIMIT=2M: its 512K default refuses large deliveries.',
  source: (setup) => `${header('SvelteKit', setup, run, webhookUrl)}
// Already have a handle hook? Compose them: export const handle = sequence(klarefi, yourHandle)
// (sequence from '@sveltejs/kit/hooks'), with Klarefi's first.
import { klarefiHandle } from '@klarefi/sveltekit';
${redisImports(setup)}

${FROM_ENV},
// read on the first request, not by \`vite build\`.
// To read them from $env/dynamic/private instead, pass a function: klarefiHandle(() => ({ ... })).
export const handle = klarefiHandle({
  // GET /start-claim creates an intake session and redirects to the hosted form.
  startClaim: { caseTypeId: 'motor_claim', locale: 'nl' },
  // POST /webhooks/klarefi checks the signature over the raw body, then runs the handler.
  // webhook: { ${REDIS_DEDUPE} }, // redis
  on: {
    ${completedHandler(setup, '    ')}
  },
});
`,
};
