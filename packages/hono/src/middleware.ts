import { type KlarefiClient, type KlarefiOptions, MemoryDedupeStore } from '@klarefi/sdk';
import {
  answerWebRequest,
  type BodyRead,
  createKlarefiCore,
  type KlarefiCore,
  readWebBody,
  toWebResponse,
} from '@klarefi/sdk/adapter';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';

/** The variables the middleware sets: `c.var.klarefi` is the API client (or `null` without one). */
export type KlarefiVariables = { klarefi: KlarefiClient | null };

declare module 'hono' {
  interface ContextVariableMap extends KlarefiVariables {}
}

/** The shared Klarefi options; event handlers and `startClaim.session()` receive the Hono `Context`. */
export type KlarefiHonoOptions<E extends Env = Env, TTx = never> = KlarefiOptions<Context<E>, TTx>;

/**
 * Options, or a function that builds them from `c.env` (Workers bindings). The function runs
 * once per `c.env` object, so it may read only `c.env`: Workers hand every request of an
 * isolate the same bindings, and the options are validated once for them.
 */
export type KlarefiHonoOptionsInput<E extends Env = Env> =
  | KlarefiHonoOptions<E>
  | ((c: Context<E>) => KlarefiHonoOptions<E>);

type Core<E extends Env> = KlarefiCore<Context<E>>;

const HONO_RAW_BODY_HELP =
  'A middleware parsed this webhook as JSON before klarefi(), so the exact bytes the signature covers are gone. ' +
  'Register app.use(klarefi(...)) before it, or have it read the body with c.req.text() or c.req.arrayBuffer(), which Hono keeps exactly.';

function coreSource<E extends Env>(options: KlarefiHonoOptionsInput<E>): (c: Context<E>) => Core<E> {
  if (typeof options !== 'function') {
    const fixed = createKlarefiCore<Context<E>>(options);
    return () => fixed;
  }
  // One store for every core: a core per bindings object must still see the others' deliveries.
  const sharedDedupe = new MemoryDedupeStore();
  const byEnv = new WeakMap<object, Core<E>>();
  let withoutEnv: Core<E> | undefined;
  const build = (c: Context<E>): Core<E> => {
    const resolved = options(c);
    const webhook = { ...resolved.webhook, dedupe: resolved.webhook?.dedupe ?? sharedDedupe };
    return createKlarefiCore<Context<E>>({ ...resolved, webhook });
  };
  return (c) => {
    const env: unknown = c.env;
    if (typeof env !== 'object' || env === null) {
      withoutEnv ??= build(c);
      return withoutEnv;
    }
    let core = byEnv.get(env);
    if (!core) {
      core = build(c);
      byEnv.set(env, core);
    }
    return core;
  };
}

/**
 * Klarefi middleware: serves `GET {startClaim.path}` (a redirect to the hosted form) and
 * `POST {webhook.path}` (verified, deduplicated, dispatched to `on` / `onEvent`), relative to
 * where it is mounted (`app.use('/klarefi/*', ...)`, `app.use('/t/:tenant/*', ...)`, a sub-app),
 * and passes every other request on. Sets `c.var.klarefi`.
 *
 * Options may be a function of the context, so secrets come from `c.env` on Workers; it runs
 * once per `c.env` object. Nothing is read from `process.env`.
 *
 * @throws {KlarefiConfigError} when called with options it cannot work with, and at the first
 *   request when mounted at a pattern whose depth is not fixed (an optional parameter).
 * @example
 * app.use(klarefi({ apiKey, webhookSecret, startClaim: { caseTypeId: 'motor_claim' }, on: { 'case.completed': (e) => save(e) } }));
 * @example
 * app.use(klarefi((c) => ({ apiKey: c.env.KLAREFI_API_KEY, webhookSecret: c.env.KLAREFI_WEBHOOK_SECRET, startClaim: false })));
 */
export function klarefi<E extends Env = Env>(
  options: KlarefiHonoOptionsInput<E>,
): MiddlewareHandler<{ Variables: KlarefiVariables }> {
  const coreFor = coreSource(options);

  return async function klarefiMiddleware(c, next) {
    const ctx = c as unknown as Context<E>;
    const core = coreFor(ctx);
    c.set('klarefi', core.client);
    const path = c.req.path;
    const pending = answerWebRequest(
      core,
      {
        request: c.req.raw,
        path,
        context: ctx,
        readBody(limit) {
          return rawBody(c, limit);
        },
        rawBodyHelp: HONO_RAW_BODY_HELP,
      },
      // Routes are relative to where the middleware is mounted (`/t/:tenant/*`, a sub-app).
      core.routeOf(path, { mount: routePath(c) }),
    );
    return pending === null ? next() : toWebResponse(await pending);
  };
}

// Another middleware may have read the body already: Hono keeps what it read in bodyCache.
// Bytes or text are exact; a cached parsed JSON value is not, and the core refuses it.
async function rawBody(c: Context, maxBytes: number): Promise<BodyRead> {
  if (!c.req.raw.bodyUsed) return readWebBody(c.req.raw, maxBytes);
  const cache = c.req.bodyCache;
  if (cache.arrayBuffer) return new Uint8Array(await cache.arrayBuffer);
  if (cache.text) return await cache.text;
  if (cache.blob) return new Uint8Array(await (await cache.blob).arrayBuffer());
  return cache.json ? ((await cache.json) as BodyRead) : undefined;
}
