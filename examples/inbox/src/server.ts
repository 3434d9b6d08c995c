import { exampleConfig } from '@klarefi/example-kit';
import pg from 'pg';
import { CLAIMS_TABLE_SQL, createApp } from './app.js';

const config = exampleConfig();
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(
    'Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/postgres',
  );
  process.exit(1);
}
const pool = new pg.Pool({ connectionString: databaseUrl });
pool.on('error', (error) =>
  console.error(`PostgreSQL: ${error.name} ${(error as { code?: string }).code ?? ''}`),
);
await pool.query(CLAIMS_TABLE_SQL);

const server = createApp(pool, config).listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(
    `Klarefi inbox example on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
  );
  console.log(`Using the Klarefi API at ${config.baseUrl}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => server.close(() => pool.end().then(() => process.exit(0))));
