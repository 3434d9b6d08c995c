import type { KlarefiOptions } from '@klarefi/sdk';
import {
  answerWebRequest,
  createKlarefiCore,
  type KlarefiCore,
  type KlarefiRoute,
  notFound,
  optionChecker,
  toWebResponse,
} from '@klarefi/sdk/adapter';

const check = optionChecker('@klarefi/react-router');

/**
 * What React Router 7 (and Remix 2) hand a resource route's `loader` and `action`: the Web
 * `Request`, the URL's params and the app's load context. Declared here, not imported, so the
 * same functions type-check in a React Router 7 app and in a Remix 2 app.
 */
export interface KlarefiRouteArgs {
  /** The Web `Request`; the webhook's raw body is read from it. */
  request: Request;
  /** The route's URL params. */
  params: Record<string, string | undefined>;
  /** The load context (`getLoadContext`, or React Router's `RouterContextProvider`). */
  context: unknown;
}

/**
 * The shared Klarefi options. `startClaim.session(args)` and event handlers receive the route's
 * {@link KlarefiRouteArgs} (`{ request, params, context }`) as their request.
 */
export type KlarefiReactRouterOptions<TTx = never> = KlarefiOptions<KlarefiRouteArgs, TTx>;

/**
 * The options of {@link webhooks}: the shared options without `startClaim`, since a webhook route
 * never serves the redirect.
 */
export type KlarefiWebhookRouteOptions<TTx = never> = Omit<KlarefiReactRouterOptions<TTx>, 'startClaim'>;

/**
 * A resource route's `loader` and `action` in one function: export it as both, so that a request
 * with another method gets Klarefi's `405` with `allow`, as in every Klarefi adapter, not React
 * Router's own error (`export { handler as loader, handler as action }`).
 */
export type KlarefiRouteFunction = (args: KlarefiRouteArgs) => Promise<Response>;

function checkObject(options: unknown, factory: string): void {
  if (typeof options !== 'object' || options === null) {
    check.fail(
      `${factory}() takes options like { webhookSecret, on: { 'case.completed': save } }, got ${options === null ? 'null' : typeof options}.`,
    );
  }
}

type RouteOf = (core: KlarefiCore<KlarefiRouteArgs>, pathname: string) => KlarefiRoute | null;

function routeFunction<TTx>(options: KlarefiReactRouterOptions<TTx>, routeOf: RouteOf): KlarefiRouteFunction {
  const core: KlarefiCore<KlarefiRouteArgs> = createKlarefiCore<KlarefiRouteArgs, TTx>(options);
  async function klarefiRoute(args: KlarefiRouteArgs): Promise<Response> {
    const { request } = args;
    const path = new URL(request.url).pathname;
    const pending = answerWebRequest(core, { request, path, context: args }, routeOf(core, path));
    return toWebResponse(await (pending ?? notFound(core)));
  }
  return klarefiRoute;
}

// A route file's place in app/routes.ts is its path: the core answers for that route whatever the
// URL is, so a route declared under a prefix or with another name works unchanged.
const always =
  (route: KlarefiRoute): RouteOf =>
  () =>
    route;

// One module for both routes (a splat route): the Klarefi paths are matched at the end of the URL
// path, so `klarefi/*` serves /klarefi/start-claim and /klarefi/webhooks/klarefi.
const bySuffix: RouteOf = (core, pathname) => core.routeOf(pathname, { suffix: true });

/**
 * The start-claim redirect as a resource route's `loader` (and `action`): `GET` creates a hosted
 * intake session and answers `303 See Other` to its `signed_url`. The route's place in `app/routes.ts` is its path, so
 * `startClaim.path` is not used. Options are checked now: a missing secret or case type throws.
 * A `startClaim.session()` hook's own error is thrown to React Router's error handling.
 * @throws {KlarefiConfigError} when `startClaim` is missing or the options cannot work.
 * @example
 * // app/routes/start-claim.ts, declared as route('start-claim', 'routes/start-claim.ts')
 * const handler = startClaim({ startClaim: { caseTypeId: 'motor_claim' } });
 * export { handler as loader, handler as action };
 */
export function startClaim<TTx = never>(options: KlarefiReactRouterOptions<TTx>): KlarefiRouteFunction {
  checkObject(options, 'startClaim');
  if (!options.startClaim) {
    check.fail(
      "startClaim() serves the start-claim redirect, so it needs startClaim: { caseTypeId: 'motor_claim' } (got startClaim: false or none).",
    );
  }
  return routeFunction(options, always('start-claim'));
}

/**
 * The verified webhook as a resource route's `action` (and `loader`): `POST` checks the signature over the request's raw
 * bytes, deduplicates on `delivery_id` and runs `on` / `onEvent`. The route's place in
 * `app/routes.ts` is its path, so `webhook.path` is not used. Options are checked now.
 * @throws {KlarefiConfigError} when the options cannot work (no webhook secret, ...).
 * @example
 * // app/routes/webhooks.klarefi.ts, declared as route('webhooks/klarefi', 'routes/webhooks.klarefi.ts')
 * const handler = webhooks({ on: { 'case.completed': save } });
 * export { handler as action, handler as loader };
 */
export function webhooks<TTx = never>(options: KlarefiWebhookRouteOptions<TTx>): KlarefiRouteFunction {
  checkObject(options, 'webhooks');
  return routeFunction({ ...options, startClaim: false }, always('webhook'));
}

/**
 * Both Klarefi routes from one resource route module: `GET {startClaim.path}` (the redirect) and
 * `POST {webhook.path}` (the verified webhook), matched at the end of the URL path; any other path
 * answers `404`. Declare it as a splat route (`route('klarefi/*', 'routes/klarefi.ts')` serves
 * `/klarefi/start-claim` and `/klarefi/webhooks/klarefi`). Options are checked now.
 * @throws {KlarefiConfigError} when the options cannot work.
 * @example
 * // app/routes/klarefi.ts, declared as route('klarefi/*', 'routes/klarefi.ts')
 * const handler = klarefi({ startClaim: { caseTypeId: 'motor_claim' }, on: { 'case.completed': save } });
 * export { handler as loader, handler as action };
 */
export function klarefi<TTx = never>(options: KlarefiReactRouterOptions<TTx>): KlarefiRouteFunction {
  checkObject(options, 'klarefi');
  return routeFunction(options, bySuffix);
}
