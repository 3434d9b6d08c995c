import type { MiddlewareHandler } from 'hono';
import type { EmulatorCore } from '../core.js';
import { ApiError } from './errors.js';
import type { ApiEnv } from './request-id.js';

/**
 * Bearer authentication: sets the key's scopes (and the key, for the rate limit). Live keys are
 * refused with a message saying the emulator is for test keys; no message ever repeats the key.
 */
export function authMiddleware(core: EmulatorCore): MiddlewareHandler<ApiEnv> {
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
    c.set('apiKey', key);

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
