import {
  completedHandler,
  ENV_CHECK,
  FROM_ENV,
  header,
  REDIS_DEDUPE,
  redisImports,
  type Template,
} from './types.js';

const run = 'npx tsx {file}';
const webhookUrl = 'http://127.0.0.1:3000/webhooks/klarefi';

/**
 * AWS Lambda: `klarefiLambda()` as the exported handler; the root README's AWS Lambda block. Run
 * directly (outside Lambda), the file serves the handler over HTTP as a Function URL would call it.
 */
export const awsLambda: Template = {
  framework: 'aws-lambda',
  defaultOut: 'klarefi-handler.ts',
  packages: ['@klarefi/aws-lambda', '@klarefi/sdk'],
  devPackages: ['tsx'],
  run,
  webhookUrl,
  startClaimUrl: 'http://127.0.0.1:3000/start-claim',
  note: "Deploy the exported `handler` with SAM, CDK or the Serverless Framework behind an HTTP API (`ANY /{proxy+}`), a Function URL or an ALB, with the KLAREFI_* variables in the function's environment; the local server below the handler does not run in Lambda.",
  source: (setup) => `${header('AWS Lambda', setup, run, webhookUrl)}
import { createServer } from 'node:http';
import { klarefiLambda } from '@klarefi/aws-lambda';
${redisImports(setup)}

${ENV_CHECK}

// At module scope: the options are checked and the client built once per container.
export const handler = klarefiLambda({
  ${FROM_ENV}
  // GET /start-claim creates an intake session and redirects the claimant to the hosted form.
  startClaim: { caseTypeId: 'motor_claim', locale: 'nl' },
  // POST /webhooks/klarefi checks the signature over the (base64-decoded) body, then runs the handler.
  // webhook: { ${REDIS_DEDUPE} }, // redis
  on: {
    ${completedHandler(setup, '    ')}
  },
});

// Run locally (\`${run}\`, on PORT or 3000; Lambda always sets AWS_LAMBDA_FUNCTION_NAME): each HTTP
// request becomes the payload 2.0 event a Function URL sends, with a base64 body and a 30 s budget.
if (!process.env.AWS_LAMBDA_FUNCTION_NAME) {
  createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (value) headers[name] = String(value);
      const event: Parameters<typeof handler>[0] = {
        version: '2.0',
        rawPath: new URL(req.url ?? '/', 'http://localhost').pathname,
        headers,
        body: Buffer.concat(chunks).toString('base64'),
        isBase64Encoded: true,
        requestContext: { http: { method: req.method ?? 'GET' } },
      };
      const deadline = Date.now() + 30_000;
      const result = await handler(event, { getRemainingTimeInMillis: () => deadline - Date.now() });
      res.writeHead(result.statusCode, result.headers);
      res.end(Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'));
    } catch (error) {
      console.error(error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  }).listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
    console.log(\`Listening on http://127.0.0.1:\${process.env.PORT ?? 3000}; start a claim at /start-claim\`);
  });
}
`,
};
