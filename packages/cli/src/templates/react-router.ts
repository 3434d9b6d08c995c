import { completedHandler, FROM_ENV, header, REDIS_DEDUPE, redisImports, type Template } from './types.js';

const run = 'npx react-router dev --host 127.0.0.1 --port 3000';
const webhookUrl = 'http://127.0.0.1:3000/klarefi/webhooks/klarefi';

/** React Router 7 framework mode: `klarefi()` from `@klarefi/react-router` as one splat resource route. */
export const reactRouter: Template = {
  framework: 'react-router',
  defaultOut: 'app/routes/klarefi.ts',
  packages: ['@klarefi/react-router', '@klarefi/sdk'],
  devPackages: [],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/klarefi/start-claim',
  note: "Declare the route in app/routes.ts: route('klarefi/*', 'routes/klarefi.ts').",
  source: (setup) => `${header('React Router 7 (framework mode)', setup, run, webhookUrl)}//
// Declare this resource route in app/routes.ts:  route('klarefi/*', 'routes/klarefi.ts'),
import { klarefi } from '@klarefi/react-router';
${redisImports(setup)}

const handler = klarefi({
  ${FROM_ENV}
  // GET /klarefi/start-claim creates an intake session and redirects the claimant to the hosted form.
  startClaim: { caseTypeId: 'motor_claim', locale: 'nl' },
  // POST /klarefi/webhooks/klarefi checks the signature over the raw body, then runs the handler.
  // webhook: { ${REDIS_DEDUPE} }, // redis
  on: {
    ${completedHandler(setup, '    ')}
  },
});

// One function for both: the loader answers GET, the action POST (React Router cannot remove a
// destructured export from the browser build, so export it by name).
export { handler as loader, handler as action };
`,
};
