export type { IORedisLike, RedisClientLike, SendCommandLike } from './commands.js';
export { COMPLETE as COMPLETE_SCRIPT, RELEASE as RELEASE_SCRIPT, type Script } from './scripts.js';
export { RedisDedupeStore, type RedisDedupeStoreOptions } from './store.js';
