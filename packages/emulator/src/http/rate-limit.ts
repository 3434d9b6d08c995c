import type { MiddlewareHandler } from 'hono';
import type { EmulatorCore } from '../core.js';
import { ApiError } from './errors.js';
import type { ApiEnv } from './request-id.js';

/**
 * The per-key limit of `rateLimitPerMinute` requests in each clock minute, with the
 * `X-RateLimit-*` headers on every answer and `Retry-After` on a 429. Runs after authentication.
 */
export function rateLimitMiddleware(core: EmulatorCore): MiddlewareHandler<ApiEnv> {
  const windows = new Map<string, { start: number; count: number }>();
  const limit = core.options.rateLimitPerMinute;

  return async function rateLimit(c, next) {
    const key = c.get('apiKey');
    const nowMs = core.options.now();
    const start = Math.floor(nowMs / 60_000) * 60_000;
    let w = windows.get(key);
    if (!w || w.start !== start) {
      w = { start, count: 0 };
      windows.set(key, w);
    }
    w.count += 1;
    const reset = Math.floor((start + 60_000) / 1000);
    c.header('X-RateLimit-Limit', String(limit));
    c.header('X-RateLimit-Remaining', String(Math.max(0, limit - w.count)));
    c.header('X-RateLimit-Reset', String(reset));
    if (w.count > limit) {
      const retryAfter = Math.max(1, Math.ceil((start + 60_000 - nowMs) / 1000));
      throw new ApiError(
        429,
        'rate_limit_exceeded',
        `More than ${limit} requests this minute for this API key. Retry after ${retryAfter} s.`,
        { 'Retry-After': String(retryAfter) },
      );
    }
    await next();
  };
}
