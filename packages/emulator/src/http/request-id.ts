import type { MiddlewareHandler } from 'hono';
import type { EmulatorCore } from '../core.js';
import { ulid } from '../ids.js';

/** The Hono environment of the API routes. */
export interface ApiEnv {
  Variables: {
    requestId: string;
    scopes: Set<string>;
    /** The authenticated key; only the rate limit reads it. */
    apiKey: string;
  };
}

/** Gives every API request an id (`req_…`), echoed in `X-Request-Id` and in error bodies. */
export function requestIdMiddleware(core: EmulatorCore): MiddlewareHandler<ApiEnv> {
  return async function requestId(c, next) {
    const id = `req_${ulid(core.options.now())}`;
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  };
}
