import { quoteTable } from '../sql.js';

/** The default table of the inbox. */
export const DEFAULT_INBOX_TABLE = 'klarefi_inbox';

/**
 * The DDL of the inbox table, for migrations of your own (then pass `createTable: false`):
 * one row per processed delivery, written in the same transaction as the handler's effect.
 */
export function inboxTableSql(table: string = DEFAULT_INBOX_TABLE): string {
  return inboxTableStatements(table).join('\n');
}

/** {@link inboxTableSql} as separate statements, for drivers that run one at a time. */
export function inboxTableStatements(table: string): [string, string] {
  const name = quoteTable(table);
  const index = quoteTable(`${table.split('.').pop()}_processed_at`);
  return [
    `CREATE TABLE IF NOT EXISTS ${name} (\n  key text PRIMARY KEY,\n  processed_at timestamptz NOT NULL DEFAULT clock_timestamp()\n);`,
    `CREATE INDEX IF NOT EXISTS ${index} ON ${name} (processed_at);`,
  ];
}

/**
 * The inbox's one statement per delivery, inside the transaction. `$1` the key, `$2` the lock
 * wait bound (`'5000ms'`); with the purge, `$3` the retention in seconds.
 *
 * The row is inserted from a subquery that first keeps the transaction's `lock_timeout` in
 * `klarefi.lock_timeout`, then sets it to the bound, so a concurrent transaction holding the same
 * key is waited for at most that long (then `55P03`); `ON CONFLICT DO NOTHING` returns no row for
 * a key committed before. `RETURNING` puts the kept value back, so the handler's own statements
 * are not bounded. Each subquery calls a volatile function, which PostgreSQL never flattens, so
 * the inner one runs first.
 */
export function inboxStatements(table: string): { record: string; recordAndPurge: string } {
  const t = quoteTable(table);
  const record = [
    `INSERT INTO ${t} (key) SELECT $1::text FROM (SELECT set_config('lock_timeout', $2::text, true) FROM`,
    "  (SELECT set_config('klarefi.lock_timeout', current_setting('lock_timeout'), true)) AS kept) AS bound",
    'ON CONFLICT (key) DO NOTHING',
    "RETURNING set_config('lock_timeout', current_setting('klarefi.lock_timeout'), true) AS recorded",
  ].join('\n');
  const purge = `WITH purge AS (DELETE FROM ${t} WHERE key IN (SELECT key FROM ${t} WHERE processed_at < clock_timestamp() - $3::bigint * interval '1 second' AND key <> $1::text LIMIT 100 FOR UPDATE SKIP LOCKED))`;
  return { record, recordAndPurge: `${purge}\n${record}` };
}
