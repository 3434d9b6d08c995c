/** The default table of {@link PostgresDedupeStore}. */
export const DEFAULT_TABLE = 'klarefi_dedupe';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** `table` or `schema.table`, each part quoted; throws on anything else. */
export function quoteTable(table: string): string {
  const parts = table.split('.');
  if (parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part))) {
    throw new TypeError(`"${table}" is not a table name (letters, digits and _, optionally schema.table).`);
  }
  return parts.map((part) => `"${part}"`).join('.');
}

/**
 * The DDL of the dedupe table, for migrations of your own (then pass `createTable: false`).
 * One row per delivery id; `expires_at` is when a claim lapses or a processed id is forgotten.
 */
export function dedupeTableSql(table: string = DEFAULT_TABLE): string {
  const name = quoteTable(table);
  const index = quoteTable(`${table.split('.').pop()}_expires_at`);
  return [
    `CREATE TABLE IF NOT EXISTS ${name} (`,
    '  key text PRIMARY KEY,',
    "  state text NOT NULL CHECK (state IN ('processing', 'done')),",
    '  token text NOT NULL,',
    '  expires_at timestamptz NOT NULL',
    ');',
    `CREATE INDEX IF NOT EXISTS ${index} ON ${name} (expires_at);`,
  ].join('\n');
}

const TTL = "clock_timestamp() + $3::bigint * interval '1 millisecond'";

/**
 * The statements, one per operation. `claim` inserts, or takes over an expired row, in one
 * `INSERT … ON CONFLICT … DO UPDATE … WHERE expired`; when it does not, it reads the live row's
 * state in the same statement. `claimAndPurge` also deletes a batch of other expired rows.
 */
export function statements(table: string) {
  const t = quoteTable(table);
  const claim = (purge: boolean) =>
    [
      purge
        ? `WITH purge AS (DELETE FROM ${t} WHERE key IN (SELECT key FROM ${t} WHERE expires_at <= clock_timestamp() AND key <> $1 LIMIT 100 FOR UPDATE SKIP LOCKED)),`
        : 'WITH',
      ` claim AS (INSERT INTO ${t} AS d (key, state, token, expires_at) VALUES ($1, 'processing', $2, ${TTL})`,
      '  ON CONFLICT (key) DO UPDATE SET state = EXCLUDED.state, token = EXCLUDED.token, expires_at = EXCLUDED.expires_at',
      '  WHERE d.expires_at <= clock_timestamp()',
      "  RETURNING 'claimed'::text AS state)",
      'SELECT state FROM claim',
      `UNION ALL SELECT state FROM ${t} WHERE key = $1 AND NOT EXISTS (SELECT 1 FROM claim)`,
    ].join('\n');
  return {
    claim: claim(false),
    claimAndPurge: claim(true),
    complete: `UPDATE ${t} SET state = 'done', expires_at = ${TTL} WHERE key = $1 AND token = $2 AND state = 'processing' AND expires_at > clock_timestamp()`,
    release: `DELETE FROM ${t} WHERE key = $1 AND token = $2 AND state = 'processing' AND expires_at > clock_timestamp()`,
  };
}
