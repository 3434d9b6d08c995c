import { ENV_CHECK, header, REDIS_DEDUPE, redisImports, type Template } from './types.js';

const run = 'npx tsx {file}';
const webhookUrl = 'http://127.0.0.1:3000/webhooks/klarefi';

/** Express: `klarefiRouter()` mounted with `app.use()`. */
export const express: Template = {
  framework: 'express',
  defaultOut: 'klarefi-server.ts',
  packages: ['express', '@klarefi/express'],
  devPackages: ['tsx', '@types/express'],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/start-claim',
  source: (setup) => `${header('Express', setup, run, webhookUrl)}
import express from 'express';
import { klarefiRouter } from '@klarefi/express';
${redisImports(setup)}

${ENV_CHECK}

const app = express();

app.use(
  klarefiRouter({
    apiKey,
    // Unset means Klarefi's service; \`klarefi dev\` prints the emulator's URL.
    baseUrl: process.env.KLAREFI_API_BASE_URL,
    webhookSecret,
    // GET /start-claim creates an intake session and redirects the claimant to the hosted form.
    startClaim: { caseTypeId: 'motor_claim' },
    // POST /webhooks/klarefi checks the signature, then runs the handler for the event.
    // webhook: { ${REDIS_DEDUPE} }, // redis
    on: {
      'case.completed': async (event) => {
        console.log('Case completed:', event.case_id);
        console.log(JSON.stringify(event.data.features ?? {}, null, 2));
      },
    },
  }),
);

const port = Number(process.env.PORT ?? 3000);
app.listen(port, '127.0.0.1', () => {
  console.log(\`Listening on http://127.0.0.1:\${port}; start a claim at /start-claim\`);
});
`,
};
