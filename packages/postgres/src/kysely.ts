import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { type OptionChecker, optionChecker } from '@klarefi/sdk/adapter';
import { createInbox, type InboxOptions, splitParameters, type WebhookInbox } from './inbox/core.js';

export type { InboxOptions, WebhookInbox } from './inbox/core.js';
export { inboxTableSql } from './inbox/sql.js';

const ENTRY = 'kyselyInbox';
const check: OptionChecker = optionChecker(ENTRY);

/** Options of {@link kyselyInbox}. */
export interface KyselyInboxOptions<DB> extends InboxOptions {
  /** The app's Kysely instance on PostgreSQL (`PostgresDialect`). Handlers get its `Transaction` as `tx`. */
  db: Kysely<DB>;
}

function toSql(text: string, values: unknown[]): RawBuilder<unknown> {
  const { fragments, indexes } = splitParameters(text);
  const chunks: RawBuilder<unknown>[] = [];
  fragments.forEach((fragment, i) => {
    chunks.push(sql.raw(fragment));
    if (i < indexes.length) chunks.push(sql`${values[indexes[i] as number]}`);
  });
  return sql.join(chunks, sql.raw(''));
}

/**
 * The transactional inbox on a Kysely database: each delivery's row and the handler's writes
 * commit in one `db.transaction()`, so the effect happens once, even through a crash.
 *
 * @example
 * const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
 * webhook: { inbox: kyselyInbox({ db }) },
 * on: { 'case.completed': async (event, { tx }) => { await tx.insertInto('claims').values({ case_id: event.case_id }).execute(); } }
 */
export function kyselyInbox<DB>(options: KyselyInboxOptions<DB>): WebhookInbox<Transaction<DB>> {
  if (typeof options !== 'object' || options === null)
    check.invalid('options', options, 'an options object: { db }');
  const { db } = options;
  if (typeof db?.transaction !== 'function' || typeof db.executeQuery !== 'function') {
    check.invalid(
      'options.db',
      db,
      'a Kysely instance',
      'Pass new Kysely({ dialect: new PostgresDialect({ pool }) }).',
    );
  }
  return createInbox<Transaction<DB>>(
    ENTRY,
    {
      transaction: (fn) => db.transaction().execute(fn),
      query: async (tx, text, values) => (await toSql(text, values).execute(tx)).rows,
      execute: (text) => sql.raw(text).execute(db),
    },
    options,
  );
}
