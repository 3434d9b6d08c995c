import { isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import type { EmulatorCore } from '../core.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function refuse(c: Context, code: string, message: string): Response {
  return c.json({ error: { type: 'authorization_error', code, message } }, 403);
}

/** A host a page on another site cannot make the browser send: an IP literal, `localhost`, or ours. */
function trustedHost(hostname: string, core: EmulatorCore): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(bare) !== 0 || bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (bare === core.options.host.toLowerCase()) return true;
  return core.baseUrl !== undefined && new URL(core.baseUrl).hostname.toLowerCase() === bare;
}

/**
 * Refuses state-changing requests to `/_emulator/*` that a browser sends on behalf of another site:
 * a cross-site `Origin` or `Sec-Fetch-Site`, or a `Host` that only DNS rebinding would produce. The
 * dashboard has no login, so without this any page could resend deliveries or change the emulator.
 * Clients that are not browsers (curl, tests, the pytest plugin) send no `Origin` and pass.
 */
export function sameOriginGuard(core: EmulatorCore): MiddlewareHandler {
  return async function sameOrigin(c, next) {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const own = new URL(c.req.url);
    if (!trustedHost(own.hostname, core)) {
      return refuse(
        c,
        'untrusted_host',
        'The Host header is not one the emulator serves; open the dashboard at the URL `klarefi dev` printed.',
      );
    }
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return refuse(c, 'cross_site_request', 'Requests from other sites may not change the emulator.');
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== own.origin) {
      return refuse(c, 'cross_site_request', 'Requests from other sites may not change the emulator.');
    }
    return next();
  };
}
