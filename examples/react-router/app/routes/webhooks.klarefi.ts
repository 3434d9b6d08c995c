import { RedisDedupeStore } from '@klarefi/redis';
import { webhooks } from '@klarefi/react-router';
import { Redis } from 'ioredis';
import { config, store } from '../klarefi.server';

// POST /webhooks/klarefi: the signature checked over the raw body, then the handler, once per delivery.
const handler = webhooks({
  apiKey: config.apiKey,
  baseUrl: config.baseUrl,
  webhookSecret: config.webhookSecret,
  // Several instances? One shared dedupe store runs each delivery once across them.
  webhook: {
    dedupe: config.redisUrl ? new RedisDedupeStore({ client: new Redis(config.redisUrl) }) : undefined,
  },
  onEvent: (event) => store.record(event),
});

// loader too: a GET gets Klarefi's 405 with `allow: POST`.
export { handler as action, handler as loader };
