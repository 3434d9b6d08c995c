import { exampleConfig } from '@klarefi/example-kit';
import { handler } from './function.js';
import { type LocalInvoker, localInvoker } from './invoker.js';

const config = exampleConfig();
const invoker = (process.env.LAMBDA_EVENT ?? 'http') as LocalInvoker;
if (!['rest', 'http', 'function-url'].includes(invoker)) {
  throw new Error(`LAMBDA_EVENT must be rest, http or function-url; got "${invoker}".`);
}
const server = localInvoker(handler, { invoker, timeoutMs: Number(process.env.LAMBDA_TIMEOUT_MS ?? 30_000) });
server.listen(config.port, config.host, () => {
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(`Klarefi AWS Lambda example (${invoker} events) on http://${host}:${config.port}`);
  console.log(`Using the Klarefi API at ${config.baseUrl}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => server.close(() => process.exit(0)));
