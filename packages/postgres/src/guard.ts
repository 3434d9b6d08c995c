const guarded = new WeakSet<object>();

/**
 * A `pg` `Pool` or `Client` that emits `'error'` with no listener takes the process down (a
 * `Pool` does when the server closes an idle connection). This adds a listener next to the app's
 * own, never instead of it; while it is the only one, it says once per outage that the database
 * connection failed (name and code, never the connection string).
 */
export function guardPoolErrors(pool: unknown, owner: string): void {
  const emitter = pool as {
    on?: (event: string, listener: (error?: unknown) => void) => unknown;
    listenerCount?: (event: string) => number;
  };
  if (typeof emitter?.on !== 'function' || typeof emitter.listenerCount !== 'function') return;
  if (guarded.has(emitter)) return;
  guarded.add(emitter);
  let warned = false;
  emitter.on('error', (error) => {
    if (warned || (emitter.listenerCount?.('error') ?? 0) > 1) return;
    warned = true;
    process.emitWarning(
      `The PostgreSQL connection of ${owner} failed (${describeError(error)}); deliveries answer 503 until it is back. Add pool.on('error', …) to log these yourself.`,
      { code: 'KLAREFI_POSTGRES_CLIENT_ERROR' },
    );
  });
  // A Pool emits 'connect' for every new connection: the database is back.
  emitter.on('connect', () => {
    warned = false;
  });
}

/** An error's name and code only: a message may hold a host or a user name. */
export function describeError(error: unknown): string {
  const { name = 'Error', code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return `${String(name)}${typeof code === 'string' ? ` ${code}` : ''}`;
}

/** A `pg.Pool` runs queries side by side; anything else (a `pg.Client`) gets one at a time. */
export function isPool(pool: unknown): boolean {
  return typeof (pool as { totalCount?: unknown }).totalCount === 'number';
}
