import type { KlarefiClient, KlarefiOptions } from '@klarefi/sdk';
import { type BodyRead, createKlarefiCore, type KlarefiAnswer, readStreamBody } from '@klarefi/sdk/adapter';
import type { Context, Middleware } from 'koa';

/**
 * The options of {@link klarefi}: the options every Klarefi adapter shares, with Koa's `Context`
 * as the request that `startClaim.session()` and event handlers receive.
 */
export type KlarefiKoaOptions<TTx = never> = KlarefiOptions<Context, TTx>;

/** What the middleware puts on `ctx.state`: `ctx.state.klarefi` is the API client (`null` without one). */
export interface KlarefiState {
  klarefi: KlarefiClient | null;
}

/** The fix for a missing raw body, in Koa terms: the core's `raw_body_unavailable` message. */
export const KOA_RAW_BODY_HELP =
  'A body parser read this webhook before klarefi() and kept no ctx.request.rawBody, so the exact bytes the signature covers are gone. ' +
  'Register app.use(klarefi(...)) before the body parser, or use koa-bodyparser or @koa/bodyparser, which keep ctx.request.rawBody.';

// A body parser that ran first leaves the text it read as ctx.request.rawBody (koa-bodyparser and
// @koa/bodyparser both do); a stream nobody read is read here, as sent. The core decides what a
// missing body means.
function bodyReader(ctx: Context): (limit: number) => Promise<BodyRead> {
  return (limit) => {
    const kept = (ctx.request as { rawBody?: unknown }).rawBody;
    if (kept !== undefined) return Promise.resolve(kept as BodyRead);
    if (ctx.req.readableEnded) return Promise.resolve(undefined);
    return readStreamBody(ctx.req, limit);
  };
}

// Koa writes the response after the middleware returns; anything thrown here goes to Koa's own
// error handling (ctx.onerror and app.on('error')), never to an unhandled rejection. Koa turns a
// null body into a 204, so a redirect's absent body is written as an empty one.
function write(ctx: Context, answer: KlarefiAnswer): void {
  ctx.status = answer.status;
  ctx.body = answer.body ?? '';
  ctx.set(answer.headers);
}

/**
 * Klarefi middleware for Koa 2 and 3: answers `GET {startClaim.path}` (a redirect to a new hosted
 * intake session) and `POST {webhook.path}` (a verified, deduplicated webhook delivery), matched
 * against `ctx.path`, and passes every other request on. Sets `ctx.state.klarefi`. Options are
 * checked now: a missing secret or case type throws a `KlarefiConfigError` that says what to set.
 *
 * The webhook body is read from the request stream as sent. Register the middleware before a
 * body parser; after `koa-bodyparser` or `@koa/bodyparser` it verifies the `ctx.request.rawBody`
 * they keep. A `startClaim.session()` hook's own error is thrown to Koa's error handling.
 * @throws {KlarefiConfigError} when the options are incomplete or invalid.
 * @example
 * const app = new Koa();
 * app.use(klarefi({
 *   webhookSecret: process.env.KLAREFI_WEBHOOK_SECRET,
 *   startClaim: { caseTypeId: 'motor_claim' },
 *   on: { 'case.completed': async (event) => saveClaim(event) },
 * }));
 * app.use(bodyParser());
 */
export function klarefi<TTx = never>(options: KlarefiKoaOptions<TTx>): Middleware<KlarefiState> {
  const core = createKlarefiCore<Context, TTx>(options);

  return async function klarefiMiddleware(ctx, next) {
    ctx.state.klarefi = core.client;
    const route = core.routeOf(ctx.path);
    if (route === null) return next();
    const context = ctx as unknown as Context;
    // Not ctx.get(): it answers "" for an absent header, which the core would take as present.
    const header = (name: string) => ctx.headers[name];
    if (route === 'webhook') {
      const answer = await core.handleWebhook({
        method: ctx.method,
        header,
        readBody: bodyReader(context),
        rawBodyHelp: KOA_RAW_BODY_HELP,
        request: context,
      });
      return write(context, answer);
    }
    const aborted = new AbortController();
    ctx.res.once('close', () => aborted.abort());
    const answer = await core.handleStartClaim({
      method: ctx.method,
      header,
      request: context,
      signal: aborted.signal,
    });
    write(context, answer);
  };
}
