import { postgresAvailable, testServerUrl } from '@klarefi/test-servers';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDedupeStore, postgresInbox } from '../src/index.js';

// One connection (max: 1) holds every prepared statement, so a name shared by two tables would
// make pg refuse the second ("Prepared statements must be unique").
describe.skipIf(!postgresAvailable())('named statements on one connection', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: testServerUrl('postgres'), max: 1 });
    await pool.query('CREATE SCHEMA IF NOT EXISTS named');
  });
  afterAll(() => pool?.end());

  it('keep the inbox tables "named.rows" and "named_rows" apart', async () => {
    const dotted = postgresInbox({ pool, table: 'named.rows' });
    const underscored = postgresInbox({ pool, table: 'named_rows' });
    const effect = async () => {};
    expect(await dotted.process('whd_named', effect)).toBe('processed');
    expect(await underscored.process('whd_named', effect)).toBe('processed');
    expect(await dotted.process('whd_named', effect)).toBe('duplicate');
    expect(await underscored.process('whd_named', effect)).toBe('duplicate');
  });

  it('keep the dedupe tables "named.dedupe" and "named_dedupe" apart', async () => {
    const dotted = new PostgresDedupeStore({ pool, table: 'named.dedupe' });
    const underscored = new PostgresDedupeStore({ pool, table: 'named_dedupe' });
    expect(await dotted.claim('whd_named', 'tok', 60_000)).toBe('claimed');
    expect(await underscored.claim('whd_named', 'tok', 60_000)).toBe('claimed');
    expect(await dotted.claim('whd_named', 'tok', 60_000)).toBe('processing');
    expect(await underscored.claim('whd_named', 'tok', 60_000)).toBe('processing');
  });
});
