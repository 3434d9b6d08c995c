import {
  createKlarefiCore,
  isKlarefiHttpError,
  type KlarefiClient,
  type KlarefiCore,
  type KlarefiOptions,
  MemoryDedupeStore,
  readRequestBody,
  toWebResponse,
} from '@klarefi/sdk';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

/** The variables the middleware sets: `c.var.klarefi` is the API client (or `null` without one). */
export type KlarefiVariables = { klarefi: KlarefiClient | null };

declare module 'hono' {
  interface ContextVariableMap extends KlarefiVariables {}
}

/** The shared Klarefi options; event handlers and `startClaim.session()` receive the Hono `Context`. */
export type KlarefiHonoOptions<E extends Env = Env> = KlarefiOptions<Context<E>>;

type OptionsInput<E extends Env> = KlarefiHonoOptions<E> | ((c: Context<E>) => KlarefiHonoOptions<E>);

// The mount point is the registered route minus its wildcard: '/klarefi/*' → '/klarefi'.
function mountBase(routePath: string): string {
  const base = routePath.replace(/\/?\*$/, '');
  return base === '/' ? '' : base;
}

/**
 * Klarefi middleware: serves `GET {startClaim.path}` (a redirect to the hosted form) and
 * `POST {webhook.path}` (verified, deduplicated, dispatched to `on` / `onEvent`), relative to
 * where it is mounted, and passes every other request on. Sets `c.var.klarefi`.
 *
 * Options may be a function of the context, so secrets come from `c.env` per request on
 * Workers; nothing is read from `process.env`.
 *
 * @throws {KlarefiConfigError} when called with options it cannot work with.
 * @example
 * app.use(klarefi({ apiKey, webhookSecret, startClaim: { caseTypeId: 'motor_claim' }, on: { 'case.completed': (e) => save(e) } }));
 * @example
 * app.use(klarefi((c) => ({ apiKey: c.env.KLAREFI_API_KEY, webhookSecret: c.env.KLAREFI_WEBHOOK_SECRET, startClaim: false })));
 */
export function klarefi<E extends Env = Env>(
  options: OptionsInput<E>,
): MiddlewareHandler<{ Variables: KlarefiVariables }> {
  const fixed = typeof options === 'function' ? null : createKlarefiCore<Context<E>>(options);
  // Per-request options would otherwise get a fresh in-memory store each time and never dedupe.
  const sharedDedupe = new MemoryDedupeStore();
  const cores = new WeakMap<object, KlarefiCore<Context<E>>>();

  function coreFor(c: Context<E>): KlarefiCore<Context<E>> {
    if (fixed) return fixed;
    const resolved = (options as (c: Context<E>) => KlarefiHonoOptions<E>)(c);
    let core = cores.get(resolved);
    if (!core) {
      const webhook = { ...resolved.webhook, dedupe: resolved.webhook?.dedupe ?? sharedDedupe };
      core = createKlarefiCore<Context<E>>({ ...resolved, webhook });
      cores.set(resolved, core);
    }
    return core;
  }

  return async function klarefiMiddleware(c, next) {
    const ctx = c as unknown as Context<E>;
    const core = coreFor(ctx);
    c.set('klarefi', core.client);
    const base = mountBase(c.req.routePath);
    const path = base && c.req.path.startsWith(base) ? c.req.path.slice(base.length) || '/' : c.req.path;
    const isWebhook = path === core.webhookPath;
    if (!isWebhook && path !== core.startClaimPath) return next();
    try {
      const result = isWebhook
        ? await core.handleWebhook({
            method: c.req.method,
            headers: c.req.raw.headers,
            rawBody: c.req.method === 'POST' ? await rawBody(c, core.maxBodyBytes) : new Uint8Array(0),
            request: ctx,
          })
        : await core.handleStartClaim({ method: c.req.method, request: ctx });
      return toWebResponse(result);
    } catch (error) {
      if (!isKlarefiHttpError(error)) throw error;
      throw new HTTPException(error.status as 400, {
        res: error.toResponse(),
        message: error.message,
        cause: error,
      });
    }
  };
}

// Another middleware may have read the body already: Hono keeps what it read in bodyCache.
// Bytes or text are exact; a cached parsed JSON value is not, so the core refuses it with the
// raw-body explanation rather than verify re-serialised JSON.
async function rawBody(c: Context, maxBytes: number): Promise<unknown> {
  if (!c.req.raw.bodyUsed) return readRequestBody(c.req.raw, maxBytes);
  const cache = c.req.bodyCache;
  if (cache.arrayBuffer) return new Uint8Array(await cache.arrayBuffer);
  if (cache.text) return await cache.text;
  if (cache.blob) return new Uint8Array(await (await cache.blob).arrayBuffer());
  return cache.json ? await cache.json : undefined;
}
