import { drizzle } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePostgresJs } from 'drizzle-orm/postgres-js';
import { Kysely, PostgresDialect, sql as kyselySql } from 'kysely';
import pg from 'pg';
import postgres from 'postgres';
import postgres3 from 'postgres3';
import { sql as drizzleSql } from 'drizzle-orm';
import { drizzleInbox } from '../src/drizzle.js';
import { postgresInbox, type WebhookInbox } from '../src/index.js';
import { kyselyInbox } from '../src/kysely.js';

/** One supported client: an inbox on it, and the handler's write of one claim row through its `tx`. */
export interface InboxKind {
  name: string;
  make(
    url: string,
    table: string,
    options?: { lockWaitMs?: number },
  ): Promise<{
    inbox: WebhookInbox<any>;
    writeClaim(tx: any, claims: string, caseId: string): Promise<void>;
    /** `lock_timeout` as the handler sees it inside `tx`. */
    lockTimeout(tx: any): Promise<string>;
    /** Connections checked out and not returned (pg pools only; 0 elsewhere). */
    leaked(): number;
    close(): Promise<void>;
  }>;
}

export const INBOX_KINDS: InboxKind[] = [
  {
    name: 'pg Pool',
    async make(url, table, options) {
      const pool = new pg.Pool({ connectionString: url, max: 10 });
      return {
        inbox: postgresInbox({ pool, table, ...options }),
        writeClaim: async (tx: pg.PoolClient, claims, caseId) => {
          await tx.query(`INSERT INTO ${claims} (case_id) VALUES ($1)`, [caseId]);
        },
        lockTimeout: async (tx: pg.PoolClient) => (await tx.query('SHOW lock_timeout')).rows[0].lock_timeout,
        leaked: () => pool.totalCount - pool.idleCount + pool.waitingCount,
        close: () => pool.end(),
      };
    },
  },
  {
    name: 'postgres.js 4',
    async make(url, table, options) {
      const sql = postgres(url, { max: 10, onnotice: () => {} });
      return {
        inbox: postgresInbox({ pool: sql, table, ...options }),
        writeClaim: async (tx: postgres.TransactionSql, claims, caseId) => {
          await tx`INSERT INTO ${tx(claims)} (case_id) VALUES (${caseId})`;
        },
        lockTimeout: async (tx: postgres.TransactionSql) => (await tx`SHOW lock_timeout`)[0]?.lock_timeout,
        leaked: () => 0,
        close: () => sql.end(),
      };
    },
  },
  {
    name: 'postgres.js 3',
    async make(url, table, options) {
      const sql = postgres3(url, { max: 10, onnotice: () => {} });
      return {
        inbox: postgresInbox({ pool: sql, table, ...options }),
        writeClaim: async (tx: postgres3.TransactionSql, claims, caseId) => {
          await tx`INSERT INTO ${tx(claims)} (case_id) VALUES (${caseId})`;
        },
        lockTimeout: async (tx: postgres3.TransactionSql) => (await tx`SHOW lock_timeout`)[0]?.lock_timeout,
        leaked: () => 0,
        close: () => sql.end(),
      };
    },
  },
  {
    name: 'Drizzle (node-postgres)',
    async make(url, table, options) {
      const pool = new pg.Pool({ connectionString: url, max: 10 });
      const db = drizzle(pool);
      return {
        inbox: drizzleInbox({ db, table, ...options }),
        writeClaim: async (tx: Parameters<Parameters<typeof db.transaction>[0]>[0], claims, caseId) => {
          await tx.execute(
            drizzleSql`INSERT INTO ${drizzleSql.identifier(claims)} (case_id) VALUES (${caseId})`,
          );
        },
        lockTimeout: async (tx: Parameters<Parameters<typeof db.transaction>[0]>[0]) =>
          (await tx.execute<{ lock_timeout: string }>(drizzleSql`SHOW lock_timeout`)).rows[0]?.lock_timeout ??
          '',
        leaked: () => pool.totalCount - pool.idleCount + pool.waitingCount,
        close: () => pool.end(),
      };
    },
  },
  {
    name: 'Drizzle (postgres.js)',
    async make(url, table, options) {
      const client = postgres(url, { max: 10, onnotice: () => {} });
      const db = drizzlePostgresJs(client);
      return {
        inbox: drizzleInbox({ db, table, ...options }),
        writeClaim: async (tx: Parameters<Parameters<typeof db.transaction>[0]>[0], claims, caseId) => {
          await tx.execute(
            drizzleSql`INSERT INTO ${drizzleSql.identifier(claims)} (case_id) VALUES (${caseId})`,
          );
        },
        lockTimeout: async (tx: Parameters<Parameters<typeof db.transaction>[0]>[0]) =>
          String((await tx.execute(drizzleSql`SHOW lock_timeout`))[0]?.lock_timeout),
        leaked: () => 0,
        close: () => client.end(),
      };
    },
  },
  {
    name: 'Kysely',
    async make(url, table, options) {
      const pool = new pg.Pool({ connectionString: url, max: 10 });
      const db = new Kysely<Record<string, { case_id: string }>>({ dialect: new PostgresDialect({ pool }) });
      return {
        inbox: kyselyInbox({ db, table, ...options }),
        writeClaim: async (tx: typeof db, claims, caseId) => {
          await kyselySql`INSERT INTO ${kyselySql.table(claims)} (case_id) VALUES (${caseId})`.execute(tx);
        },
        lockTimeout: async (tx: typeof db) =>
          (await kyselySql<{ lock_timeout: string }>`SHOW lock_timeout`.execute(tx)).rows[0]?.lock_timeout ??
          '',
        leaked: () => pool.totalCount - pool.idleCount + pool.waitingCount,
        // Kysely ends the pool it was given.
        close: () => db.destroy(),
      };
    },
  },
];
