import { Redis } from 'ioredis';
import * as redis4 from 'redis4';
import * as redis5 from 'redis5';
import type { RedisClientLike } from '../src/index.js';

/** A connected client of each kind the store supports, and how to close it. */
export interface ClientKind {
  name: string;
  connect(url: string): Promise<{ client: RedisClientLike; close(): Promise<unknown> }>;
}

export const CLIENTS: ClientKind[] = [
  {
    name: 'ioredis 5',
    async connect(url) {
      const client = new Redis(url, { lazyConnect: true });
      await client.connect();
      return { client, close: () => client.quit() };
    },
  },
  {
    name: 'node-redis 4',
    async connect(url) {
      const client = redis4.createClient({ url });
      await client.connect();
      return { client, close: () => client.quit() };
    },
  },
  {
    name: 'node-redis 5',
    async connect(url) {
      const client = redis5.createClient({ url });
      await client.connect();
      return { client, close: () => client.close() };
    },
  },
];
