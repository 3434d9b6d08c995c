import { KlarefiConfigError } from '@klarefi/sdk';
import { postgresAvailable, testServerUrl } from '@klarefi/test-servers';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dedupeTableSql, PostgresDedupeStore } from '../src/index.js';

describe.skipIf(!postgresAvailable())('PostgresDedupeStore rows', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: testServerUrl('postgres'), max: 8 });
  });
  afterAll(() => pool?.end());

  it('creates its table on first use, once, even when many instances start at the same moment', async () => {
    const stores = Array.from({ length: 8 }, () => new PostgresDedupeStore({ pool, table: 'fresh_start' }));
    const answers = await Promise.all(stores.map((store, i) => store.claim(`whd_start_${i}`, 'tok', 60_000)));
    expect(answers).toEqual(Array(8).fill('claimed'));
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM fresh_start');
    expect(rows[0].n).toBe(8);
  });

  it('stores processing with the token and TTL, then done with its own TTL', async () => {
    const store = new PostgresDedupeStore({ pool, table: 'rows_check' });
    await store.claim('whd_row', 'tok', 30_000);
    const read = async () =>
      (
        await pool.query(
          "SELECT state, token, extract(epoch FROM expires_at - clock_timestamp()) AS left FROM rows_check WHERE key = 'whd_row'",
        )
      ).rows[0];
    const claimed = await read();
    expect(claimed).toMatchObject({ state: 'processing', token: 'tok' });
    expect(Number(claimed.left)).toBeGreaterThan(25);
    expect(Number(claimed.left)).toBeLessThanOrEqual(30);
    expect(await store.complete('whd_row', 'tok', 86_400_000)).toBe(true);
    const done = await read();
    expect(done.state).toBe('done');
    expect(Number(done.left)).toBeGreaterThan(86_000);
  });

  it('purges expired rows as it claims, with no cron', async () => {
    const store = new PostgresDedupeStore({ pool, table: 'purge_check' });
    await store.claim('whd_seed', 'tok', 60_000);
    await pool.query(
      "INSERT INTO purge_check SELECT 'old_' || i, 'done', 't', clock_timestamp() - interval '1 second' FROM generate_series(1, 150) i",
    );
    for (let i = 0; i < 32; i++) await store.claim(`whd_new_${i}`, 'tok', 60_000);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM purge_check WHERE key LIKE 'old_%'");
    expect(rows[0].n).toBe(0);
  });

  it('with createTable: false, uses the table your migration made from dedupeTableSql', async () => {
    await pool.query(dedupeTableSql('migrated'));
    const store = new PostgresDedupeStore({ pool, table: 'migrated', createTable: false });
    expect(await store.claim('whd_m', 'tok', 60_000)).toBe('claimed');
    const missing = new PostgresDedupeStore({ pool, table: 'never_made', createTable: false });
    await expect(missing.claim('whd_m', 'tok', 60_000)).rejects.toMatchObject({ code: '42P01' });
  });

  it('runs one statement at a time on a pg.Client, so pg prints no DeprecationWarning', async () => {
    const client = new pg.Client({ connectionString: testServerUrl('postgres') });
    await client.connect();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const store = new PostgresDedupeStore({ pool: client, table: 'client_turns' });
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.claim(`whd_turn_${i % 10}`, `tok${i}`, 60_000)),
      );
      expect(answers.filter((answer) => answer === 'claimed')).toHaveLength(10);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.includes('already executing a query'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await client.end();
    }
  });

  it('rejects (so the delivery answers 503) when the database cannot be reached, and recovers after', async () => {
    const dead = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/postgres' });
    const store = new PostgresDedupeStore({ pool: dead });
    await expect(store.claim('whd_down', 'tok', 1000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await dead.end();
  });
});

describe('PostgresDedupeStore options', () => {
  const pool = { query: async () => ({ rows: [], rowCount: 0 }) };
  it.each([
    [undefined, /options object/],
    [{}, /options\.pool must be/],
    [{ pool, table: 'bad name; drop table x' }, /not a table name/],
    [{ pool, table: 'a.b.c' }, /not a table name/],
    [{ pool, timeoutMs: -1 }, /timeoutMs/],
  ])('refuses %o at construction with a KlarefiConfigError', (options, message) => {
    expect(() => new PostgresDedupeStore(options as never)).toThrow(KlarefiConfigError);
    expect(() => new PostgresDedupeStore(options as never)).toThrow(message);
  });

  it('exports the DDL with quoted identifiers', () => {
    expect(dedupeTableSql()).toContain('CREATE TABLE IF NOT EXISTS "klarefi_dedupe"');
    expect(dedupeTableSql('app.hooks')).toContain(
      'CREATE INDEX IF NOT EXISTS "hooks_expires_at" ON "app"."hooks"',
    );
  });
});
