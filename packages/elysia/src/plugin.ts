import type { KlarefiClient, KlarefiOptions } from '@klarefi/sdk';
import {
  answerWebRequest,
  type BodyRead,
  createKlarefiCore,
  type KlarefiAnswer,
  type KlarefiRoute,
  readWebBody,
  toWebResponse,
} from '@klarefi/sdk/adapter';
import { type Context, Elysia } from 'elysia';

/**
 * What event handlers (as `request`) and `startClaim.session()` receive: the request's part of
 * Elysia's context. The plugin's routes take only these from the context, so Elysia's static
 * analysis builds nothing else for them (no `headers` object, no cookie jar): read headers and
 * cookies from `request`.
 */
export type KlarefiElysiaContext = Pick<Context, 'request' | 'path' | 'query' | 'store'>;

/**
 * The options of {@link klarefi}: the options every Klarefi adapter shares, with
 * {@link KlarefiElysiaContext} as the request that `startClaim.session()` and event handlers receive.
 */
export type KlarefiElysiaOptions<TTx = never> = KlarefiOptions<KlarefiElysiaContext, TTx>;

/** The fix for a missing raw body, in Elysia terms: the core's `raw_body_unavailable` message. */
export const ELYSIA_RAW_BODY_HELP =
  'An onParse (or onRequest, onTransform) hook registered before the Klarefi plugin read this webhook body, so the exact bytes the signature covers are gone. ' +
  'Register .use(klarefi(...)) before that hook: Elysia applies a hook only to the routes registered after it.';

// A hook registered before the plugin may have read the Web Request's body, which can be read
// once; the core then answers raw_body_unavailable with the Elysia fix.
function rawBody(request: Request, limit: number): Promise<BodyRead> {
  return request.bodyUsed ? Promise.resolve(undefined) : readWebBody(request, limit);
}

// The one write path. A body goes back through Elysia's own response mapping (status and headers
// on `set`, the text returned), as a route's own answer does, rather than as a prebuilt Web
// Response whose body stream the server must pump; a redirect has no body, so it stays a Response.
function write(set: Context['set'], answer: KlarefiAnswer): Response | string {
  if (answer.body === null) return toWebResponse(answer);
  set.status = answer.status;
  Object.assign(set.headers, answer.headers);
  return answer.body;
}

/**
 * An Elysia plugin that serves `GET {startClaim.path}` (a redirect to a new hosted intake
 * session) and `POST {webhook.path}` (a verified, deduplicated webhook delivery) as routes of
 * their own, under the `prefix` of the instance it is used on, and decorates the context with
 * `klarefi` (the API client, or `null` without one). Options are checked now: a missing secret or
 * case type throws a `KlarefiConfigError` that says what to set.
 *
 * The webhook route opts out of Elysia's body parsing (`parse: 'none'`) and reads the request's
 * bytes as sent, whatever parser the app uses elsewhere. A `startClaim.session()` hook's own error
 * is thrown to Elysia's error handling (`onError`). Runs on Bun and on Node.js.
 * @throws {KlarefiConfigError} when the options are incomplete or invalid.
 * @example
 * new Elysia()
 *   .use(klarefi({ startClaim: { caseTypeId: 'motor_claim' }, on: { 'case.completed': (e) => save(e) } }))
 *   .listen(3000);
 */
export function klarefi<TTx = never>(options: KlarefiElysiaOptions<TTx>) {
  const core = createKlarefiCore<KlarefiElysiaContext, TTx>(options);
  // Destructured: Elysia's static analysis (Sucrose) reads a route's parameter list and builds
  // only the parts of the context it names. Handing the whole context on makes it build all of
  // them (a headers object, the cookie jar) on every delivery.
  const answer = (route: KlarefiRoute) =>
    async function klarefiRoute({ request, path, query, store, set }: Context) {
      const pending = answerWebRequest(
        core,
        {
          request,
          path,
          context: { request, path, query, store },
          readBody: (limit) => rawBody(request, limit),
          rawBodyHelp: ELYSIA_RAW_BODY_HELP,
        },
        route,
      );
      return write(set, await (pending as Promise<KlarefiAnswer>));
    };

  const plugin = new Elysia()
    .decorate('klarefi', core.client as KlarefiClient | null)
    .all(core.webhookPath, answer('webhook'), { parse: 'none' });
  return core.startClaimPath === null ? plugin : plugin.all(core.startClaimPath, answer('start-claim'));
}
