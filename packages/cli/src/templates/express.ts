import { header, type Template } from './types.js';

const install = 'npm install express @klarefi/express && npm install -D tsx @types/express';
const run = 'npx tsx {file}';
const webhookUrl = 'http://127.0.0.1:3000/webhooks/klarefi';

/** Express: `klarefiRouter()` mounted with `app.use()`. */
export const express: Template = {
  framework: 'express',
  defaultOut: 'klarefi-server.ts',
  install,
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/start-claim',
  source: `${header('Express', install, run, webhookUrl)}
import express from 'express';
import { klarefiRouter } from '@klarefi/express';

const apiKey = process.env.KLAREFI_API_KEY;
const webhookSecret = process.env.KLAREFI_WEBHOOK_SECRET;
if (!apiKey || !webhookSecret) {
  throw new Error('Set KLAREFI_API_KEY and KLAREFI_WEBHOOK_SECRET (\`npx klarefi dev\` prints test values).');
}

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
