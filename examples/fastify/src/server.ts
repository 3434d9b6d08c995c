import { exampleConfig } from '@klarefi/example-kit';
import { createApp } from './app.js';

const config = exampleConfig();
const app = createApp(config, undefined, { logger: true });

await app.listen({ port: config.port, host: config.host });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
console.log(
  `Klarefi Fastify example on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
);
console.log(`Using the Klarefi API at ${config.baseUrl}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0));
  });
}
