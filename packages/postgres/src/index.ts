export { DEFAULT_TABLE, dedupeTableSql } from './sql.js';
export { type PgQueryable, PostgresDedupeStore, type PostgresDedupeStoreOptions } from './store.js';
