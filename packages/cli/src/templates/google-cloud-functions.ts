import {
  completedHandler,
  ENV_CHECK,
  FROM_ENV,
  header,
  REDIS_DEDUPE,
  redisImports,
  type Template,
} from './types.js';

const run = "NODE_OPTIONS='--import tsx' npx functions-framework --target=klarefi --source={file}";
const webhookUrl = 'http://127.0.0.1:8080/webhooks/klarefi';

/**
 * Google Cloud Functions: `@klarefi/express` unchanged as an HTTP function of the Functions
 * Framework (no package of its own); the root README's Google Cloud Functions block.
 */
export const googleCloudFunctions: Template = {
  framework: 'google-cloud-functions',
  defaultOut: 'index.ts',
  packages: ['@google-cloud/functions-framework', 'express', '@klarefi/express', '@klarefi/sdk'],
  devPackages: ['tsx', '@types/express'],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:8080/start-claim',
  note: 'Deploy the compiled file with `gcloud functions deploy klarefi --gen2 --runtime=nodejs20 --trigger-http --entry-point=klarefi`, with the KLAREFI_* variables set on the function (from Secret Manager).',
  source: (setup) => `${header('Google Cloud Functions', setup, run, webhookUrl)}
import * as functions from '@google-cloud/functions-framework';
import express from 'express';
import { klarefiRouter } from '@klarefi/express';
${redisImports(setup)}

${ENV_CHECK}

// Built once per instance, when the Functions Framework loads this file.
const app = express();
app.use(
  klarefiRouter({
    ${FROM_ENV}
    // GET /start-claim creates an intake session and redirects the claimant to the hosted form.
    startClaim: { caseTypeId: 'motor_claim', locale: 'nl' },
    // POST /webhooks/klarefi checks the signature over req.rawBody, the bytes the Functions
    // Framework kept when it parsed the body, then runs the handler.
    // webhook: { ${REDIS_DEDUPE} }, // redis
    on: {
      ${completedHandler(setup, '      ')}
    },
  }),
);

// The entry point (--target, --entry-point): an Express app is an HTTP function as it is.
functions.http('klarefi', app);
`,
};
