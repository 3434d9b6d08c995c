import { exampleConfig } from '@klarefi/example-kit';
import { createHandler } from './function.js';
import { localHost } from './host.js';

const config = exampleConfig();
const server = localHost(createHandler(config));
server.listen(config.port, config.host, () => {
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(`Klarefi Azure Functions example on http://${host}:${config.port}`);
  console.log(`Using the Klarefi API at ${config.baseUrl}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => server.close(() => process.exit(0)));
