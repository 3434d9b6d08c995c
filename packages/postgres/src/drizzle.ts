import { type SQL, sql } from 'drizzle-orm';
import { type OptionChecker, optionChecker } from '@klarefi/sdk/adapter';
import { createInbox, type InboxOptions, rowsOf, splitParameters, type WebhookInbox } from './inbox/core.js';

export type { InboxOptions, WebhookInbox } from './inbox/core.js';
export { inboxTableSql } from './inbox/sql.js';

const ENTRY = 'drizzleInbox';
const check: OptionChecker = optionChecker(ENTRY);

/** What the inbox uses of a Drizzle PostgreSQL database (`drizzle(pool)`, any PostgreSQL driver). */
export interface DrizzleDbLike {
  transaction(fn: (tx: any) => Promise<any>): Promise<unknown>;
  execute(query: SQL): PromiseLike<unknown>;
}

/** The transaction a handler gets: the `tx` of your `db.transaction`. */
export type DrizzleTxOf<D> = D extends {
  transaction(fn: (tx: infer TX) => Promise<never>, ...rest: never[]): unknown;
}
  ? TX
  : never;

/** Options of {@link drizzleInbox}. */
export interface DrizzleInboxOptions<D extends DrizzleDbLike> extends InboxOptions {
  /** The app's Drizzle database on PostgreSQL (node-postgres or postgres.js). Handlers get its transaction as `tx`. */
  db: D;
}

function toSql(text: string, values: unknown[]): SQL {
  const { fragments, indexes } = splitParameters(text);
  const chunks: SQL[] = [];
  fragments.forEach((fragment, i) => {
    chunks.push(sql.raw(fragment));
    if (i < indexes.length) chunks.push(sql`${values[indexes[i] as number]}`);
  });
  return sql.join(chunks);
}

/**
 * The transactional inbox on a Drizzle database: each delivery's row and the handler's writes
 * commit in one `db.transaction`, so the effect happens once, even through a crash.
 *
 * @example
 * const db = drizzle(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 * webhook: { inbox: drizzleInbox({ db }) },
 * on: { 'case.completed': async (event, { tx }) => { await tx.insert(claims).values({ caseId: event.case_id }); } }
 */
export function drizzleInbox<D extends DrizzleDbLike>(
  options: DrizzleInboxOptions<D>,
): WebhookInbox<DrizzleTxOf<D>> {
  if (typeof options !== 'object' || options === null)
    check.invalid('options', options, 'an options object: { db }');
  const { db } = options;
  if (typeof db?.transaction !== 'function' || typeof db.execute !== 'function') {
    check.invalid(
      'options.db',
      db,
      'a Drizzle PostgreSQL database',
      'Pass drizzle(pool) from drizzle-orm/node-postgres or drizzle-orm/postgres-js.',
    );
  }
  type Tx = { execute(query: SQL): PromiseLike<unknown> };
  return createInbox<DrizzleTxOf<D>>(
    ENTRY,
    {
      transaction: (fn) => db.transaction(fn) as Promise<never>,
      query: async (tx, text, values) => rowsOf(await (tx as unknown as Tx).execute(toSql(text, values))),
      execute: (text) => Promise.resolve(db.execute(sql.raw(text))),
    },
    options,
  );
}
