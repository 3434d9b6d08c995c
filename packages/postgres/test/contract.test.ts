import { runDedupeStoreContract } from '@klarefi/sdk/testing';
import { postgresAvailable, testServerUrl } from '@klarefi/test-servers';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { PostgresDedupeStore } from '../src/index.js';

describe.skipIf(!postgresAvailable())('PostgresDedupeStore', () => {
  let pool: pg.Pool;
  let client: pg.Client;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: testServerUrl('postgres'), max: 10 });
    client = new pg.Client({ connectionString: testServerUrl('postgres') });
    await client.connect();
  });
  afterAll(async () => {
    await pool?.end();
    await client?.end();
  });

  describe('on a Pool', () => {
    runDedupeStoreContract(
      { describe, it },
      { name: 'the DedupeStore contract', makeStore: () => new PostgresDedupeStore({ pool }) },
    );
  });
  describe('on a Client, in its own schema', () => {
    beforeAll(() => client.query('CREATE SCHEMA IF NOT EXISTS hooks'));
    runDedupeStoreContract(
      { describe, it },
      {
        name: 'the DedupeStore contract',
        makeStore: () => new PostgresDedupeStore({ pool: client, table: 'hooks.dedupe' }),
      },
    );
  });
});
