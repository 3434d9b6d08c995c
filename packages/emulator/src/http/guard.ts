import type { MiddlewareHandler } from 'hono';
import type { EmulatorCore } from '../core.js';
import { ulid } from '../ids.js';
import { ApiError } from './errors.js';

/** The Hono environment of the API routes. */
export interface ApiEnv {
  Variables: {
    requestId: string;
    scopes: Set<string>;
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

/**
 * Bearer authentication then the per-key rate limit. Live keys are refused with a message saying the
 * emulator is for test keys; no message ever repeats the key.
 */
export function authMiddleware(core: EmulatorCore): MiddlewareHandler<ApiEnv> {
  const windows = new Map<string, { start: number; count: number }>();
  const limit = core.options.rateLimitPerMinute;

  return async function authenticate(c, next) {
    const header = c.req.header('authorization');
    if (!header) {
      throw new ApiError(401, 'missing_api_key', 'No API key: send "Authorization: Bearer sk_test_…".');
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) {
      throw new ApiError(
        401,
        'invalid_authorization_header',
        'The Authorization header must be "Bearer <api key>".',
      );
    }
    const key = m[1] as string;
    if (key.startsWith('sk_live_')) {
      throw new ApiError(
        401,
        'live_key_not_accepted',
        'This is the Klarefi emulator: it accepts only test keys (sk_test_…), never live keys. Use the key the emulator printed at start-up.',
      );
    }
    const scopes = core.keys.get(key);
    if (!scopes) {
      throw new ApiError(
        401,
        'invalid_api_key',
        'The API key is not valid for this emulator. Use the key it printed at start-up.',
      );
    }
    c.set('scopes', scopes);

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

/** Requires `scope`; a key without it gets 403 `authorization_error`. */
export function requireScope(scope: string): MiddlewareHandler<ApiEnv> {
  return async function scopeCheck(c, next) {
    if (!c.get('scopes').has(scope)) {
      throw new ApiError(403, 'missing_scope', `This API key lacks the scope "${scope}".`);
    }
    await next();
  };
}
