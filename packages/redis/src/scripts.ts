import { createHash } from 'node:crypto';

/** A Lua script with its SHA1, for `EVALSHA` with an `EVAL` fallback. */
export interface Script {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** KEYS[1] the delivery key; ARGV[1] `processing:<token>`, ARGV[2] the TTL in ms. 1 when completed. */
export const COMPLETE = script(
  "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], 'done', 'PX', ARGV[2]) return 1 end return 0",
);

/** KEYS[1] the delivery key; ARGV[1] `processing:<token>`. 1 when released. */
export const RELEASE = script(
  "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end return 0",
);
