import { createServer } from 'node:http';
import { exampleConfig } from '@klarefi/example-kit';
import { createApp } from './app.js';

const config = exampleConfig();
const server = createServer(createApp(config).callback());
server.listen(config.port, config.host, () => {
  const { port } = server.address() as { port: number };
  console.log(
    `Klarefi Koa example on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
  );
  console.log(`Using the Klarefi API at ${config.baseUrl}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => server.close(() => process.exit(0)));
