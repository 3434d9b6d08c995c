import { exampleConfig } from '@klarefi/example-kit';
import { createApp, listen } from './app.js';

const config = exampleConfig();
const server = await listen(createApp(config), config.port, config.host);
console.log(
  `Klarefi Elysia example on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${server.port}`,
);
console.log(`Using the Klarefi API at ${config.baseUrl}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void server.stop().then(() => process.exit(0)));
