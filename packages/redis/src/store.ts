import { type DedupeState, type DedupeStore, KlarefiConfigError } from '@klarefi/sdk';
import { type RedisClientLike, type SendCommand, toSendCommand } from './commands.js';
import { COMPLETE, RELEASE, type Script } from './scripts.js';

/** Options of {@link RedisDedupeStore}. */
export interface RedisDedupeStoreOptions {
  /**
   * The app's Redis client: an `ioredis` 5 `Redis` or `Cluster`, a node-redis v4 or v5 client,
   * or `{ sendCommand(args) }` wrapping any other client (see the README). Connected by you;
   * the store never connects, quits or configures it.
   */
  client: RedisClientLike;
  /**
   * The first part of every key: `<prefix>:dedupe:<delivery_id>`.
   * @default "klarefi"
   */
  prefix?: string;
  /**
   * How long one command may take before the store gives up, in milliseconds. A client that
   * queues commands while disconnected would otherwise hold the delivery open; a timeout
   * answers `503 dedupe_unavailable` and the service retries.
   * @default 5000
   */
  timeoutMs?: number;
}

const PROCESSING = 'processing:';
const DONE = 'done';

function fail(message: string): never {
  throw new KlarefiConfigError(`RedisDedupeStore: ${message}`);
}

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
  readonly #send: SendCommand;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  // Redis before 7.0 refuses NX together with GET; then a refused claim reads the key apart.
  #setGet = true;

  constructor(options: RedisDedupeStoreOptions) {
    if (typeof options !== 'object' || options === null) fail('needs an options object: { client }.');
    const send = toSendCommand(options.client);
    if (!send) {
      fail(
        'options.client must be an ioredis Redis/Cluster, a node-redis client, or { sendCommand(args) } (see the README for other clients).',
      );
    }
    const { prefix = 'klarefi', timeoutMs = 5_000 } = options;
    if (typeof prefix !== 'string' || prefix === '')
      fail(`prefix must be a non-empty string (default "klarefi").`);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
      fail(`timeoutMs must be a positive integer of milliseconds (default 5000); got ${String(timeoutMs)}.`);
    }
    this.#send = send;
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
    if (this.#setGet) {
      try {
        return stateOf(await this.#command(['SET', redisKey, value, 'NX', 'PX', ttl, 'GET']));
      } catch (error) {
        if (!/syntax error/i.test(String((error as Error)?.message))) throw error;
        this.#setGet = false;
      }
    }
    const set = await this.#command(['SET', redisKey, value, 'NX', 'PX', ttl]);
    if (set !== null) return 'claimed';
    const current = await this.#command(['GET', redisKey]);
    // Expired between the two commands: the caller retries, and claims then.
    return current === null ? 'processing' : stateOf(current);
  }

  async complete(key: string, token: string, ttlMs: number): Promise<boolean> {
    const ttl = String(Math.max(1, Math.ceil(ttlMs)));
    return (await this.#eval(COMPLETE, this.keyOf(key), [PROCESSING + token, ttl])) === 1;
  }

  async release(key: string, token: string): Promise<boolean> {
    return (await this.#eval(RELEASE, this.keyOf(key), [PROCESSING + token])) === 1;
  }

  async #eval(script: Script, key: string, args: string[]): Promise<unknown> {
    try {
      return await this.#command(['EVALSHA', script.sha, '1', key, ...args]);
    } catch (error) {
      if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
      return this.#command(['EVAL', script.source, '1', key, ...args]);
    }
  }

  #command(args: string[]): Promise<unknown> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            Object.assign(new Error(`Redis did not answer ${args[0]} within ${this.#timeoutMs} ms.`), {
              code: 'ETIMEDOUT',
            }),
          ),
        this.#timeoutMs,
      );
    });
    return Promise.race([this.#send(args), timeout]).finally(() => clearTimeout(timer));
  }
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
