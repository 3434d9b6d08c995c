import { exampleConfig } from '@klarefi/example-kit';
import { createApp } from './app.js';

const config = exampleConfig();
const server = createApp(config).listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(
    `Klarefi Express example on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
  );
  console.log(`Using the Klarefi API at ${config.baseUrl}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => server.close(() => process.exit(0)));
