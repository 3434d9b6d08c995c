import { KlarefiConfigError } from '@klarefi/sdk';
import { postgresAvailable, testServerUrl } from '@klarefi/test-servers';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import postgres from 'postgres';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { drizzleInbox } from '../src/drizzle.js';
import { inboxTableSql, postgresInbox } from '../src/index.js';
import { kyselyInbox } from '../src/kysely.js';

describe('the inbox entries', () => {
  const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none' });

  it.each([
    [undefined, /options object/],
    [{}, /options\.pool must be a pg Pool/],
    [{ pool: new pg.Client() }, /a single pg\.Client is not enough/],
    [{ pool, table: 'bad name; drop table x' }, /not a table name/],
    [{ pool, lockWaitMs: 0 }, /lockWaitMs/],
    [{ pool, retentionSeconds: 60 }, /retentionSeconds must be a whole number ≥ 86400/],
  ])('postgresInbox refuses %o at start-up with a KlarefiConfigError', (options, message) => {
    expect(() => postgresInbox(options as never)).toThrow(KlarefiConfigError);
    expect(() => postgresInbox(options as never)).toThrow(message);
  });

  it('drizzleInbox and kyselyInbox refuse what is not their database', () => {
    expect(() => drizzleInbox({ db: pool } as never)).toThrow(/options\.db must be a Drizzle/);
    expect(() => kyselyInbox({ db: pool } as never)).toThrow(/options\.db must be a Kysely/);
  });

  it('types tx as the client the app passed', () => {
    expectTypeOf(postgresInbox({ pool }).process).parameter(1).parameter(0).toEqualTypeOf<pg.PoolClient>();
    const sql = postgres({ max: 1 });
    expectTypeOf(postgresInbox({ pool: sql }).process)
      .parameter(1)
      .parameter(0)
      .toEqualTypeOf<postgres.TransactionSql>();
    const db = drizzle(pool);
    expectTypeOf(drizzleInbox({ db }).process)
      .parameter(1)
      .parameter(0)
      .toEqualTypeOf<Parameters<Parameters<typeof db.transaction>[0]>[0]>();
    const kysely = new Kysely<{ claims: { case_id: string } }>({ dialect: new PostgresDialect({ pool }) });
    expectTypeOf(kyselyInbox({ db: kysely }).process)
      .parameter(1)
      .parameter(0)
      .toEqualTypeOf<Transaction<{ claims: { case_id: string } }>>();
    void sql.end();
  });

  it('exports the DDL with quoted identifiers', () => {
    expect(inboxTableSql()).toContain('CREATE TABLE IF NOT EXISTS "klarefi_inbox"');
    expect(inboxTableSql('app.inbox')).toContain(
      'CREATE INDEX IF NOT EXISTS "inbox_processed_at" ON "app"."inbox"',
    );
  });
});

describe.skipIf(!postgresAvailable())('the inbox when the database cannot be reached', () => {
  it('rejects with the connection error (the core answers 503), runs nothing and keeps no connection', async () => {
    const dead = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/postgres' });
    let ran = false;
    const inbox = postgresInbox({ pool: dead, createTable: false });
    await expect(
      inbox.process('whd_down', async () => {
        ran = true;
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(ran).toBe(false);
    expect(dead.totalCount).toBe(0);
    await dead.end();
  });

  it('with createTable: false, uses the table your migration made from inboxTableSql', async () => {
    const admin = new pg.Pool({ connectionString: testServerUrl('postgres'), max: 2 });
    try {
      await admin.query(inboxTableSql('migrated_inbox'));
      const inbox = postgresInbox({ pool: admin, table: 'migrated_inbox', createTable: false });
      expect(await inbox.process('whd_m', async () => {})).toBe('processed');
      const missing = postgresInbox({ pool: admin, table: 'never_made_inbox', createTable: false });
      await expect(missing.process('whd_m', async () => {})).rejects.toMatchObject({ code: '42P01' });
      expect(admin.totalCount - admin.idleCount).toBe(0);
    } finally {
      await admin.end();
    }
  });

  it('purges rows older than retentionSeconds as deliveries arrive, with no cron', async () => {
    const admin = new pg.Pool({ connectionString: testServerUrl('postgres'), max: 2 });
    try {
      const inbox = postgresInbox({ pool: admin, table: 'purged_inbox', retentionSeconds: 86_400 });
      await inbox.process('whd_seed', async () => {});
      await admin.query(
        "INSERT INTO purged_inbox SELECT 'old_' || i, clock_timestamp() - interval '2 days' FROM generate_series(1, 150) i",
      );
      for (let i = 0; i < 32; i++) await inbox.process(`whd_new_${i}`, async () => {});
      const { rows } = await admin.query(
        "SELECT count(*)::int AS n FROM purged_inbox WHERE key LIKE 'old_%'",
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await admin.end();
    }
  });
});
