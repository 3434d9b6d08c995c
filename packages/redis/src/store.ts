import type { DedupeState, DedupeStore } from '@klarefi/sdk';
import { type OptionChecker, optionChecker, withTimeout } from '@klarefi/sdk/adapter';
import { type Connection, connectionOf, guardClientErrors, type RedisClientLike } from './commands.js';
import { COMPLETE, RELEASE, type Script } from './scripts.js';

/** Options of {@link RedisDedupeStore}. */
export interface RedisDedupeStoreOptions {
  /**
   * The app's Redis client: an `ioredis` 5 `Redis` or `Cluster`, a node-redis v4 or v5 client,
   * or `{ sendCommand(args) }` wrapping any other client (see the README). Connected by you;
   * the store never connects, quits or configures it. It adds an `'error'` listener next to
   * yours, so a lost connection never crashes the process.
   */
  client: RedisClientLike;
  /**
   * The first part of every key: `<prefix>:dedupe:<delivery_id>`.
   * @default "klarefi"
   */
  prefix?: string;
  /**
   * How long one command may take before the store gives up, in milliseconds; the delivery
   * then answers `503 dedupe_unavailable` and the service retries. A claim that timed out is
   * withdrawn from the client's queue where the client allows it (node-redis), and released
   * in the background otherwise, so it never holds the delivery after Redis comes back.
   * @default 5000
   */
  timeoutMs?: number;
}

const PROCESSING = 'processing:';
const DONE = 'done';

const check: OptionChecker = optionChecker('RedisDedupeStore');

/**
 * A {@link DedupeStore} on Redis, shared by every instance. `claim` is one
 * `SET key processing:<token> NX PX ttl GET`; `complete` and `release` are token-checked Lua
 * scripts (`EVALSHA`), so a delivery costs two round trips.
 *
 * @example
 * import { Redis } from 'ioredis';
 * const dedupe = new RedisDedupeStore({ client: new Redis(process.env.REDIS_URL!) });
 * app.use(klarefiRouter({ ...options, webhook: { dedupe } }));
 */
export class RedisDedupeStore implements DedupeStore {
  readonly #redis: Connection;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  // Redis before 7.0 refuses NX together with GET; then a refused claim reads the key apart.
  #setGet = true;

  constructor(options: RedisDedupeStoreOptions) {
    if (typeof options !== 'object' || options === null)
      check.invalid('options', options, 'an options object: { client }');
    const redis = connectionOf(options.client);
    if (!redis) {
      check.invalid(
        'options.client',
        options.client,
        'an ioredis Redis/Cluster, a node-redis client, or { sendCommand(args) }',
        'See the README for other clients.',
      );
    }
    const { prefix = 'klarefi' } = options;
    if (typeof prefix !== 'string' || prefix === '')
      check.invalid('prefix', prefix, 'a non-empty string (default "klarefi")');
    const timeoutMs = check.integer('timeoutMs', options.timeoutMs, { fallback: 5_000 });
    this.#redis = redis;
    guardClientErrors(options.client);
    this.#prefix = `${prefix}:dedupe:`;
    this.#timeoutMs = timeoutMs;
  }

  /** The Redis key of a delivery id. */
  keyOf(deliveryId: string): string {
    return this.#prefix + deliveryId;
  }

  async claim(key: string, token: string, ttlMs: number): Promise<DedupeState> {
    const redisKey = this.keyOf(key);
    const value = PROCESSING + token;
    const ttl = String(Math.max(1, Math.ceil(ttlMs)));
    const offline = this.#redis.offline();
    // Queued while the client reconnects, the claim would run against the restarted Redis after
    // this delivery answered 503, and hold it for a whole claim TTL.
    if (offline) throw notConnected(offline);
    try {
      if (this.#setGet) {
        try {
          return stateOf(await this.#claimCommand(['SET', redisKey, value, 'NX', 'PX', ttl, 'GET']));
        } catch (error) {
          if (!/syntax error/i.test(String((error as Error)?.message))) throw error;
          this.#setGet = false;
        }
      }
      const set = await this.#claimCommand(['SET', redisKey, value, 'NX', 'PX', ttl]);
      if (set !== null) return 'claimed';
      const current = await this.#claimCommand(['GET', redisKey]);
      // Expired between the two commands: the caller retries, and claims then.
      return current === null ? 'processing' : stateOf(current);
    } catch (error) {
      this.#withdraw(redisKey, value, Date.now() + ttlMs);
      throw error;
    }
  }

  async complete(key: string, token: string, ttlMs: number): Promise<boolean> {
    const ttl = String(Math.max(1, Math.ceil(ttlMs)));
    return (await this.#eval(COMPLETE, this.keyOf(key), [PROCESSING + token, ttl])) === 1;
  }

  async release(key: string, token: string): Promise<boolean> {
    return (await this.#eval(RELEASE, this.keyOf(key), [PROCESSING + token])) === 1;
  }

  // Applied late is what complete and release want: they stay queued past the timeout.
  #eval(script: Script, key: string, args: string[]): Promise<unknown> {
    const run = async () => {
      try {
        return await this.#redis.send(['EVALSHA', script.sha, '1', key, ...args]);
      } catch (error) {
        if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
        return this.#redis.send(['EVAL', script.source, '1', key, ...args]);
      }
    };
    return this.#bounded(run(), 'EVALSHA');
  }

  #claimCommand(args: string[]): Promise<unknown> {
    const controller = new AbortController();
    return this.#bounded(this.#redis.send(args, controller.signal), args[0] as string, controller);
  }

  /**
   * A failed claim may still run later (a client that resends unanswered commands after a
   * reconnect, as ioredis does): a token-checked release queued behind it undoes it, retried
   * until the claim would have lapsed anyway. `EVAL`, as a restarted Redis has no scripts.
   */
  #withdraw(redisKey: string, value: string, until: number): void {
    const attempt = (): void => {
      Promise.resolve()
        .then(() => this.#redis.send(['EVAL', RELEASE.source, '1', redisKey, value]))
        .catch(() => {
          if (Date.now() + WITHDRAW_RETRY_MS < until) setTimeout(attempt, WITHDRAW_RETRY_MS).unref?.();
        });
    };
    attempt();
  }

  #bounded<T>(command: Promise<T>, name: string, controller?: AbortController): Promise<T> {
    const message = `Redis did not answer ${name} within ${this.#timeoutMs} ms.`;
    if (!controller) return withTimeout(command, this.#timeoutMs, message);
    return withTimeout(command, this.#timeoutMs, () => {
      controller.abort();
      return Object.assign(new Error(message), { name: 'TimeoutError', code: 'ETIMEDOUT' });
    });
  }
}

const WITHDRAW_RETRY_MS = 1_000;

function notConnected(why: string): Error {
  return Object.assign(new Error(`Redis is not connected (${why}); the claim was not sent.`), {
    code: 'ENOTCONN',
  });
}

function stateOf(previous: unknown): DedupeState {
  if (previous === null || previous === undefined) return 'claimed';
  const text = typeof previous === 'string' ? previous : String(previous);
  if (text === DONE) return 'done';
  if (text.startsWith(PROCESSING)) return 'processing';
  throw new Error(
    'RedisDedupeStore: a dedupe key holds a value this store did not write; is the prefix shared?',
  );
}
