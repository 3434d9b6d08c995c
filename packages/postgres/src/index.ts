export { DEFAULT_TABLE, dedupeTableSql } from './sql.js';
export { type PgQueryable, PostgresDedupeStore, type PostgresDedupeStoreOptions } from './store.js';
export type { InboxOptions, TransactionRunner, WebhookInbox } from './inbox/core.js';
export {
  type InboxTxOf,
  type PgPoolClientLike,
  type PgPoolLike,
  type PostgresInboxOptions,
  type PostgresJsLike,
  type PostgresJsTxLike,
  postgresInbox,
} from './inbox/postgres.js';
export { DEFAULT_INBOX_TABLE, inboxTableSql } from './inbox/sql.js';
