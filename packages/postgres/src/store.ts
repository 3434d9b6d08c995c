import type { DedupeState, DedupeStore } from '@klarefi/sdk';
import { type OptionChecker, optionChecker, withTimeout } from '@klarefi/sdk/adapter';
import { guardPoolErrors, isPool } from './guard.js';
import { DEFAULT_TABLE, dedupeTableSql, quoteTable, statements } from './sql.js';

/** A `pg` 8 `Pool` or connected `Client`: anything with `query({ name, text, values })`. */
export interface PgQueryable {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{
    rows: Array<Record<string, unknown>>;
    rowCount: number | null;
  }>;
}

/** Options of {@link PostgresDedupeStore}. */
export interface PostgresDedupeStoreOptions {
  /**
   * The app's `pg` `Pool` (or a connected `Client`). The store never ends it; it adds an
   * `'error'` listener next to yours, so a lost connection never crashes the process.
   */
  pool: PgQueryable;
  /**
   * The table, `name` or `schema.name`.
   * @default "klarefi_dedupe"
   */
  table?: string;
  /**
   * Create the table (`CREATE TABLE IF NOT EXISTS`) on first use. Set `false` when your
   * migrations run {@link dedupeTableSql} themselves.
   * @default true
   */
  createTable?: boolean;
  /**
   * How long one statement may take before the store gives up, in milliseconds; the delivery
   * then answers `503 dedupe_unavailable` and the service retries.
   * @default 5000
   */
  timeoutMs?: number;
}

// Every this-many claims also delete up to 100 other expired rows: the table stays bounded
// with no cron, at no extra round trip.
const PURGE_EVERY = 16;

const WITHDRAW_RETRY_MS = 1_000;

const check: OptionChecker = optionChecker('PostgresDedupeStore');

/**
 * A {@link DedupeStore} on PostgreSQL, shared by every instance: one row per delivery id, one
 * atomic statement per operation (two round trips per delivery), token-checked complete and
 * release.
 *
 * @example
 * import pg from 'pg';
 * const dedupe = new PostgresDedupeStore({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL }) });
 * app.use(klarefiRouter({ ...options, webhook: { dedupe } }));
 */
export class PostgresDedupeStore implements DedupeStore {
  readonly #pool: PgQueryable;
  readonly #table: string;
  readonly #sql: ReturnType<typeof statements>;
  readonly #names: Record<keyof ReturnType<typeof statements>, string>;
  readonly #timeoutMs: number;
  #ready: Promise<void> | undefined;
  // A pg.Client queues overlapping queries itself, which pg 8 deprecates: the store waits its turn.
  #turn: Promise<unknown> | undefined;
  #claims = 0;

  constructor(options: PostgresDedupeStoreOptions) {
    if (typeof options !== 'object' || options === null)
      check.invalid('options', options, 'an options object: { pool }');
    if (typeof options.pool?.query !== 'function')
      check.invalid('options.pool', options.pool, 'a pg Pool or a connected pg Client');
    const { table = DEFAULT_TABLE, createTable = true } = options;
    try {
      quoteTable(table);
    } catch (error) {
      check.fail(`table ${(error as Error).message} (default "${DEFAULT_TABLE}")`);
    }
    const timeoutMs = check.integer('timeoutMs', options.timeoutMs, { fallback: 5_000 });
    this.#pool = options.pool;
    guardPoolErrors(options.pool, 'PostgresDedupeStore');
    if (!isPool(options.pool)) this.#turn = Promise.resolve();
    this.#table = table;
    this.#sql = statements(table);
    // Statement names are any string on the wire: the table verbatim keeps "a.b" and "a_b" apart.
    this.#names = {
      claim: `klarefi_claim ${table}`,
      claimAndPurge: `klarefi_claim_purge ${table}`,
      complete: `klarefi_complete ${table}`,
      release: `klarefi_release ${table}`,
    };
    this.#timeoutMs = timeoutMs;
    if (!createTable) this.#ready = Promise.resolve();
  }

  async claim(key: string, token: string, ttlMs: number): Promise<DedupeState> {
    const which = this.#claims++ % PURGE_EVERY === PURGE_EVERY - 1 ? 'claimAndPurge' : 'claim';
    let rows: Array<Record<string, unknown>>;
    try {
      ({ rows } = await this.#run(which, [key, token, Math.max(1, Math.ceil(ttlMs))]));
    } catch (error) {
      this.#withdraw(key, token, Date.now() + ttlMs);
      throw error;
    }
    const state = rows[0]?.state;
    if (state === 'claimed' || state === 'done') return state;
    // 'processing', or a row that a concurrent claim inserted after this statement's snapshot.
    return 'processing';
  }

  async complete(key: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.#run('complete', [key, token, Math.max(1, Math.ceil(ttlMs))])).rowCount === 1;
  }

  async release(key: string, token: string): Promise<boolean> {
    return (await this.#run('release', [key, token])).rowCount === 1;
  }

  /**
   * A claim that failed may still have committed (the answer was lost with the connection, or
   * it timed out waiting): the delivery answered 503, so a token-checked release undoes it,
   * retried until the claim would have lapsed anyway. Otherwise the retry answers 409 for a
   * whole claim TTL.
   */
  #withdraw(key: string, token: string, until: number): void {
    const attempt = (): void => {
      this.#run('release', [key, token]).catch(() => {
        if (Date.now() + WITHDRAW_RETRY_MS < until) setTimeout(attempt, WITHDRAW_RETRY_MS).unref?.();
      });
    };
    attempt();
  }

  async #run(which: keyof ReturnType<typeof statements>, values: unknown[]) {
    const run = async () => {
      await this.#ensureTable();
      return this.#query({ name: this.#names[which], text: this.#sql[which], values });
    };
    return withTimeout(run(), this.#timeoutMs, `PostgreSQL did not answer within ${this.#timeoutMs} ms.`);
  }

  #query(config: { name?: string; text: string; values?: unknown[] }) {
    if (!this.#turn) return this.#pool.query(config);
    const result = this.#turn.then(() => this.#pool.query(config));
    this.#turn = result.catch(() => undefined);
    return result;
  }

  #ensureTable(): Promise<void> {
    const create = () => this.#query({ text: dedupeTableSql(this.#table) });
    this.#ready ??= create()
      .catch((error: { code?: string }) => {
        // Two instances creating the table at once: the loser's whole DDL rolled back, and
        // running it again finds the winner's table.
        if (error?.code === '23505' || error?.code === '42P07' || error?.code === '42710') return create();
        throw error;
      })
      .then(
        () => undefined,
        (error: unknown) => {
          this.#ready = undefined;
          throw error;
        },
      );
    return this.#ready;
  }
}
