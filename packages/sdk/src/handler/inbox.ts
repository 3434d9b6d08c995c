/** What {@link WebhookInbox.process} answers. */
export type InboxState = 'processed' | 'duplicate' | 'in_progress';

/**
 * A transactional inbox: the delivery's record and its handlers' writes commit in one
 * transaction of the app's own database, so the effect happens once even through a crash.
 * `postgresInbox` in `@klarefi/postgres` is the one we ship; any database with transactions can
 * implement it.
 */
export interface WebhookInbox<TTx = unknown> {
  /**
   * Runs `effect(tx)` and records `key` in the same transaction. Resolves `'processed'` after
   * the commit, `'duplicate'` when `key` was committed before (the effect does not run), and
   * `'in_progress'` when another transaction holds `key` past the inbox's wait bound. When
   * `effect` throws, rolls back and rejects with that same error (the delivery answers
   * `500 handler_failed`); any other rejection means nothing was recorded (`503
   * dedupe_unavailable`). Never leaks a connection.
   */
  process(key: string, effect: (tx: TTx) => Promise<void>): Promise<InboxState>;
}
