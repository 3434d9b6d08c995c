import {
  answerWebRequest,
  type KlarefiCore,
  type KlarefiRoute,
  notFound,
  optionChecker,
  toWebResponse,
} from '@klarefi/sdk/adapter';
import { coreProvider, type KlarefiNextOptions, type KlarefiNextOptionsInput } from './options.js';

/** An App Router route handler: `(request) => Promise<Response>`. */
export type KlarefiRouteHandler = (request: Request) => Promise<Response>;

/**
 * Route handlers for every method, to export from a `route.ts`. Methods other than the route's
 * own answer `405` with `allow`, as every Klarefi adapter does.
 */
export interface KlarefiRouteHandlers {
  GET: KlarefiRouteHandler;
  POST: KlarefiRouteHandler;
  PUT: KlarefiRouteHandler;
  PATCH: KlarefiRouteHandler;
  DELETE: KlarefiRouteHandler;
}

type Route = (core: KlarefiCore<Request>, pathname: string) => KlarefiRoute | null;

function handlers(
  options: KlarefiNextOptionsInput,
  route: Route,
  check?: (options: KlarefiNextOptions) => void,
): KlarefiRouteHandlers {
  const core = coreProvider(options, check);
  async function handler(request: Request): Promise<Response> {
    const current = core();
    const pathname = new URL(request.url).pathname;
    const pending = answerWebRequest(
      current,
      { request, path: pathname, context: request },
      route(current, pathname),
    );
    return toWebResponse(await (pending ?? notFound(current)));
  }
  return { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}

// A catch-all route sees the whole URL path: match the Klarefi paths at its end, so that
// app/api/klarefi/[...klarefi]/route.ts serves /api/klarefi/start-claim (basePath included).
function bySuffix(core: KlarefiCore<Request>, pathname: string): KlarefiRoute | null {
  return core.routeOf(pathname, { suffix: true });
}

/**
 * Both Klarefi routes from one catch-all route file: `GET {startClaim.path}` (a redirect to the
 * hosted form) and `POST {webhook.path}` (verified, deduplicated, dispatched to `on` /
 * `onEvent`), matched at the end of the URL path. Works on the Node.js and the Edge runtime.
 * Options may be a function, called once on the first request (secrets from a vault or config).
 * @throws {KlarefiConfigError} when the options cannot work (at import when they carry the
 * secrets, else on the first request).
 * @example
 * // app/api/klarefi/[...klarefi]/route.ts: /api/klarefi/start-claim and /api/klarefi/webhooks/klarefi
 * export const { GET, POST } = klarefi({ startClaim: { caseTypeId: 'motor_claim' }, on: { 'case.completed': save } });
 */
export function klarefi(options: KlarefiNextOptionsInput): KlarefiRouteHandlers {
  return handlers(options, bySuffix);
}

/**
 * The start-claim redirect alone, for `app/start-claim/route.ts`: the file's location is the
 * route, so `startClaim.path` is not used.
 * @throws {KlarefiConfigError} when `startClaim` is `false` or the options cannot work.
 * @example
 * export const { GET } = startClaim({ startClaim: { caseTypeId: 'motor_claim' } });
 */
export function startClaim(options: KlarefiNextOptionsInput): KlarefiRouteHandlers {
  return handlers(options, () => 'start-claim', needsStartClaim);
}

function needsStartClaim(options: KlarefiNextOptions): void {
  if (!options.startClaim) {
    optionChecker('@klarefi/nextjs').fail(
      "startClaim() serves the start-claim redirect, so it needs startClaim: { caseTypeId: 'motor_claim' } (got startClaim: false or none).",
    );
  }
}

/**
 * The verified webhook alone, for `app/webhooks/klarefi/route.ts`: the file's location is the
 * route, so `webhook.path` is not used.
 * @throws {KlarefiConfigError} when the options cannot work.
 * @example
 * export const { POST } = webhooks({ startClaim: false, on: { 'case.completed': save } });
 */
export function webhooks(options: KlarefiNextOptionsInput): KlarefiRouteHandlers {
  return handlers(options, () => 'webhook');
}
