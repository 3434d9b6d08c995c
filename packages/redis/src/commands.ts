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

/** One Redis command in, its raw reply out. */
export type SendCommand = (args: string[]) => Promise<unknown>;

/**
 * The client's raw-command entry point: ioredis's `call` routes by key on a `Cluster` too;
 * node-redis's `sendCommand(args)` is the same call in v4 and v5.
 */
export function toSendCommand(client: unknown): SendCommand | undefined {
  if (typeof client !== 'object' || client === null) return undefined;
  const c = client as Partial<IORedisLike & SendCommandLike>;
  // ioredis has a `sendCommand` too, taking a Command object: prefer `call`.
  if (typeof c.call === 'function') {
    const call = c.call.bind(client);
    return ([command, ...args]) => call(command as string, ...args);
  }
  if (typeof c.sendCommand === 'function') return c.sendCommand.bind(client) as SendCommand;
  return undefined;
}
