/** An `ioredis` 5 `Redis` or `Cluster`: anything with ioredis's `call(command, ...args)`. */
export interface IORedisLike {
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
}

/** A node-redis v4 or v5 client (`createClient()`), or your own adapter for another client. */
export interface SendCommandLike {
  sendCommand(args: string[]): Promise<unknown>;
}

/** The clients {@link RedisDedupeStore} accepts. */
export type RedisClientLike = IORedisLike | SendCommandLike;

/** One Redis command in, its raw reply out; `signal` withdraws it while it is still queued. */
export type SendCommand = (args: string[], signal?: AbortSignal) => Promise<unknown>;

/** How the store reaches the app's client. */
export interface Connection {
  send: SendCommand;
  /** Why the client cannot take a command right now (it is reconnecting), or undefined. */
  offline(): string | undefined;
}

// ioredis: 'wait' is a lazyConnect client that connects on its first command.
const IOREDIS_USABLE = new Set(['ready', 'wait']);

/**
 * The client's raw-command entry point and connection state, through public API only:
 * ioredis's `call` (routed by key on a `Cluster` too) and `status`; node-redis's
 * `sendCommand(args, options)` and `isReady`, the same in v4 and v5.
 */
export function connectionOf(client: unknown): Connection | undefined {
  if (typeof client !== 'object' || client === null) return undefined;
  const c = client as Partial<IORedisLike & SendCommandLike> & { status?: unknown; isReady?: unknown };
  // ioredis has a `sendCommand` too, taking a Command object: prefer `call`.
  if (typeof c.call === 'function') {
    const call = c.call.bind(client);
    // The first connection is not an outage: a claim sent while it is under way waits for it.
    let connectedOnce = c.status === 'ready';
    const once = (client as { once?: (event: string, listener: () => void) => unknown }).once;
    if (!connectedOnce && typeof once === 'function') {
      once.call(client, 'ready', () => {
        connectedOnce = true;
      });
    }
    return {
      send: ([command, ...args]) => call(command as string, ...args),
      offline: () => {
        const status = c.status;
        if (typeof status !== 'string' || IOREDIS_USABLE.has(status)) return undefined;
        if (!connectedOnce && (status === 'connecting' || status === 'connect')) return undefined;
        return `ioredis is ${status}`;
      },
    };
  }
  if (typeof c.sendCommand !== 'function') return undefined;
  const sendCommand = c.sendCommand.bind(client) as (args: string[], options?: object) => Promise<unknown>;
  if (typeof c.isReady !== 'boolean') return { send: (args) => sendCommand(args), offline: () => undefined };
  return {
    // node-redis drops an aborted command that it has not written yet: `signal` in v4, `abortSignal` in v5.
    send: (args, signal) => sendCommand(args, signal ? { signal, abortSignal: signal } : undefined),
    offline: () => (c.isReady === false ? 'the node-redis client is not ready' : undefined),
  };
}

const guarded = new WeakSet<object>();

/**
 * A client that emits `'error'` with no listener takes the process down (node-redis does when
 * Redis goes away). This adds a listener next to the app's own, never instead of it; while it is
 * the only one, it says once per outage that the client failed (name and code, never the URL).
 */
export function guardClientErrors(client: unknown): void {
  const emitter = client as {
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
    const { name = 'Error', code } = (error ?? {}) as { name?: string; code?: unknown };
    process.emitWarning(
      `The Redis client of RedisDedupeStore failed (${name}${typeof code === 'string' ? ` ${code}` : ''}); deliveries answer 503 until it is back. Add client.on('error', …) to log these yourself.`,
      { code: 'KLAREFI_REDIS_CLIENT_ERROR' },
    );
  });
  emitter.on('ready', () => {
    warned = false;
  });
}
