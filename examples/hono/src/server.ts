import { serve } from '@hono/node-server';
import { exampleConfig } from '@klarefi/example-kit';
import { createApp } from './app.js';

const config = exampleConfig();
const server = serve({ fetch: createApp(config).fetch, port: config.port, hostname: config.host }, (info) => {
  console.log(
    `Klarefi Hono example on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${info.port}`,
  );
  console.log(`Using the Klarefi API at ${config.baseUrl}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => server.close(() => process.exit(0)));
