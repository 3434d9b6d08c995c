import { type OptionChecker, optionChecker } from '@klarefi/sdk/adapter';
import { createInbox, type InboxOptions, rowsOf, type TransactionRunner, type WebhookInbox } from './core.js';

const ENTRY = 'postgresInbox';
const check: OptionChecker = optionChecker(ENTRY);

/** What the inbox uses of a `pg` 8 `PoolClient`. */
export interface PgPoolClientLike {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  release(error?: Error | boolean): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

/** What the inbox uses of a `pg` 8 `Pool`. */
export interface PgPoolLike {
  connect(): Promise<PgPoolClientLike>;
  query(text: string): Promise<unknown>;
  readonly totalCount: number;
}

/** What the inbox uses of a postgres.js `sql` (3 or 4). */
export interface PostgresJsLike {
  begin<T>(cb: (sql: PostgresJsTxLike) => T | Promise<T>): PromiseLike<unknown>;
  unsafe(query: string, parameters?: unknown[]): PromiseLike<unknown>;
}

/** What the inbox uses of a postgres.js transaction `sql`. */
export interface PostgresJsTxLike {
  unsafe(query: string, parameters?: unknown[]): PromiseLike<unknown>;
}

/** The transaction client a handler gets: `pg`'s `PoolClient`, or postgres.js's `TransactionSql`. */
export type InboxTxOf<P> = P extends PgPoolLike
  ? // pg's last `connect` overload takes a callback that receives the PoolClient.
    P extends { connect(callback: (error: never, client: infer C, done: never) => void): void }
    ? NonNullable<C>
    : PgPoolClientLike
  : P extends { begin(options: string, cb: (sql: infer S) => unknown): unknown }
    ? S
    : never;

/** Options of {@link postgresInbox}. */
export interface PostgresInboxOptions<P extends PgPoolLike | PostgresJsLike> extends InboxOptions {
  /**
   * The app's database: a `pg` 8 `Pool`, or a postgres.js `sql` (`postgres(url)`). The inbox
   * never ends it. Handlers get the transaction as `tx`: a `pg` `PoolClient`, or postgres.js's
   * transaction `sql`.
   */
  pool: P;
}

function isPostgresJs(pool: unknown): pool is PostgresJsLike {
  return typeof pool === 'function' && typeof (pool as unknown as PostgresJsLike).begin === 'function';
}

function isPgPool(pool: unknown): pool is PgPoolLike {
  return (
    typeof pool === 'object' &&
    pool !== null &&
    typeof (pool as PgPoolLike).connect === 'function' &&
    typeof (pool as PgPoolLike).totalCount === 'number'
  );
}

/**
 * A transactional inbox on PostgreSQL: each delivery's row and the handler's writes commit in
 * one transaction of the app's own database, so the effect happens once, even through a crash.
 *
 * @example
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * app.use(klarefiRouter({ ...options, webhook: { inbox: postgresInbox({ pool }) },
 *   on: { 'case.completed': async (event, { tx }) => { await tx.query('INSERT …', [event.case_id]); } } }));
 */
export function postgresInbox<P extends PgPoolLike | PostgresJsLike>(
  options: PostgresInboxOptions<P>,
): WebhookInbox<InboxTxOf<P>> {
  if (typeof options !== 'object' || options === null)
    check.invalid('options', options, 'an options object: { pool }');
  const { pool } = options;
  if (isPostgresJs(pool))
    return createInbox(ENTRY, postgresJsRunner(pool), options) as WebhookInbox<InboxTxOf<P>>;
  if (isPgPool(pool)) return createInbox(ENTRY, pgRunner(pool), options) as WebhookInbox<InboxTxOf<P>>;
  return check.invalid(
    'options.pool',
    pool,
    'a pg Pool (new pg.Pool(…)) or a postgres.js sql (postgres(url))',
    'A transaction needs a connection of its own, so a single pg.Client is not enough.',
  );
}

/**
 * `pg`: one PoolClient per delivery, always released; destroyed instead (`release(error)`) when
 * the connection failed or its state is unknown, so a broken connection never returns to the pool.
 */
function pgRunner(pool: PgPoolLike): TransactionRunner<PgPoolClientLike> {
  return {
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A checked-out client that errors with no listener crashes the process.
      const onError = (error: Error) => {
        broken ??= error;
      };
      client.on('error', onError);
      let rolledBack = false;
      try {
        await client.query('BEGIN');
        let result: Awaited<ReturnType<typeof fn>>;
        try {
          result = await fn(client);
        } catch (error) {
          await client.query('ROLLBACK').then(
            () => {
              rolledBack = true;
            },
            (rollback: Error) => {
              broken ??= rollback;
            },
          );
          throw error;
        }
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // After a failed BEGIN or COMMIT the connection's state is unknown: destroy it.
        if (!rolledBack) broken ??= error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        client.removeListener('error', onError);
        client.release(broken);
      }
    },
    async query(client, text, values, name) {
      return rowsOf(await (name ? client.query({ name, text, values }) : client.query(text, values)));
    },
    execute: (text) => pool.query(text),
  };
}

/** postgres.js: `sql.begin` commits, rolls back and releases the connection itself. */
function postgresJsRunner(sql: PostgresJsLike): TransactionRunner<PostgresJsTxLike> {
  return {
    async transaction(fn) {
      return (await sql.begin((tx) => fn(tx))) as Awaited<ReturnType<typeof fn>>;
    },
    async query(tx, text, values) {
      return rowsOf(await tx.unsafe(text, values));
    },
    execute: (text) => Promise.resolve(sql.unsafe(text)),
  };
}
