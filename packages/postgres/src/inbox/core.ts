import type { WebhookInbox } from '@klarefi/sdk';
import { type OptionChecker, optionChecker } from '@klarefi/sdk/adapter';
import { quoteTable } from '../sql.js';
import { DEFAULT_INBOX_TABLE, inboxStatements, inboxTableStatements } from './sql.js';

export type { WebhookInbox };

/** Options every inbox entry takes, next to its database handle. */
export interface InboxOptions {
  /**
   * The table, `name` or `schema.name`.
   * @default "klarefi_inbox"
   */
  table?: string;
  /**
   * Create the table (`CREATE TABLE IF NOT EXISTS`) on first use. Set `false` when your
   * migrations run {@link inboxTableSql} themselves.
   * @default true
   */
  createTable?: boolean;
  /**
   * How long a delivery waits for another transaction that holds the same key (a concurrent copy
   * of it), in milliseconds: if that one commits, this one is a duplicate; if it rolls back, this
   * one runs; past the bound, `in_progress` (`409`, the service retries).
   * @default 5000
   */
  lockWaitMs?: number;
  /**
   * How long a processed delivery's row is kept, in seconds; older rows are purged as
   * deliveries arrive (no cron). Keep it longer than the service retries (a day).
   * @default 604800 (7 days)
   */
  retentionSeconds?: number;
}

/** How the inbox reaches one kind of client: a transaction, and one statement inside it. */
export interface TransactionRunner<TTx> {
  /** Runs `fn` in one transaction: COMMIT when it resolves; ROLLBACK and its rejection when it rejects. */
  transaction<T>(fn: (tx: TTx) => Promise<T>): Promise<T>;
  /**
   * One statement with `$n` parameters, inside `tx`: its rows. `name` is unique to `text`, for
   * drivers that prepare a named statement once per connection (parse and plan once, not per delivery).
   */
  query(tx: TTx, text: string, values: unknown[], name?: string): Promise<unknown[]>;
  /** One statement outside any transaction (the table's DDL). */
  execute(text: string): Promise<unknown>;
}

// Every this-many deliveries also delete up to 100 expired rows, in the same statement.
const PURGE_EVERY = 16;
const DUPLICATE = Symbol('duplicate');
const IN_PROGRESS = Symbol('in_progress');

function isCode(error: unknown, code: string): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === code) return true;
  }
  return false;
}

/** The inbox on any {@link TransactionRunner}; the entries validate their handle, then call this. */
export function createInbox<TTx>(
  entry: string,
  runner: TransactionRunner<TTx>,
  options: InboxOptions,
): WebhookInbox<TTx> {
  const check: OptionChecker = optionChecker(entry);
  const { table = DEFAULT_INBOX_TABLE, createTable = true } = options;
  try {
    quoteTable(table);
  } catch (error) {
    check.fail(`table ${(error as Error).message} (default "${DEFAULT_INBOX_TABLE}")`);
  }
  const lockWaitMs = check.integer('lockWaitMs', options.lockWaitMs, { fallback: 5_000 });
  // A day at least: the service retries a delivery that long, and a purged row would run it again.
  const retentionSeconds = check.integer('retentionSeconds', options.retentionSeconds, {
    fallback: 604_800,
    min: 86_400,
  });
  const sql = inboxStatements(table);
  // Statement names are any string on the wire: the table verbatim keeps "a.b" and "a_b" apart.
  const names = {
    record: `klarefi_inbox_record ${table}`,
    recordAndPurge: `klarefi_inbox_record_purge ${table}`,
  };
  const bound = `${lockWaitMs}ms`;
  let ready: Promise<void> | undefined = createTable ? undefined : Promise.resolve();
  let deliveries = 0;

  function ensureTable(): Promise<void> {
    const create = async () => {
      for (const statement of inboxTableStatements(table)) await runner.execute(statement);
    };
    ready ??= create()
      .catch((error: unknown) => {
        // Two instances creating the table at once: the loser runs it again and finds the winner's.
        if (isCode(error, '23505') || isCode(error, '42P07') || isCode(error, '42710')) return create();
        throw error;
      })
      .catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
    return ready;
  }

  return {
    async process(key, effect) {
      if (typeof key !== 'string' || key === '')
        throw new TypeError(`${entry}: process() needs a non-empty key.`);
      if (typeof effect !== 'function') throw new TypeError(`${entry}: process() needs an effect function.`);
      await ensureTable();
      const purge = deliveries++ % PURGE_EVERY === PURGE_EVERY - 1;
      let failed: { error: unknown } | undefined;
      try {
        await runner.transaction(async (tx) => {
          let rows: unknown[];
          try {
            rows = await runner.query(
              tx,
              purge ? sql.recordAndPurge : sql.record,
              purge ? [key, bound, retentionSeconds] : [key, bound],
              purge ? names.recordAndPurge : names.record,
            );
          } catch (error) {
            // lock_not_available: another transaction holds this key past the bound.
            if (isCode(error, '55P03')) throw IN_PROGRESS;
            throw error;
          }
          if (rows.length === 0) throw DUPLICATE;
          try {
            await effect(tx);
          } catch (error) {
            failed = { error };
            throw error;
          }
        });
      } catch (error) {
        if (failed) throw failed.error;
        if (error === DUPLICATE) return 'duplicate';
        if (error === IN_PROGRESS) return 'in_progress';
        throw error;
      }
      return 'processed';
    },
  };
}

/**
 * Splits a statement with `$n` parameters into its text fragments and the parameter index
 * after each, for query builders that take fragments and values (Drizzle's and Kysely's `sql`).
 */
export function splitParameters(text: string): { fragments: string[]; indexes: number[] } {
  const fragments: string[] = [];
  const indexes: number[] = [];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    fragments.push(text.slice(last, match.index));
    indexes.push(Number(match[1]) - 1);
    last = (match.index ?? 0) + match[0].length;
  }
  fragments.push(text.slice(last));
  return { fragments, indexes };
}

/** Rows of a driver's result: an array (postgres.js) or `{ rows }` (pg, Kysely). */
export function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result) ? result : ((result as { rows?: unknown[] })?.rows ?? []);
}
