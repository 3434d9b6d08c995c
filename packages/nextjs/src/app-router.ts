import { isKlarefiHttpError, KlarefiConfigError } from '@klarefi/sdk';
import { handleWebRequest, type KlarefiCore, toWebResponse } from '@klarefi/sdk/adapter';
import { routeNotFound } from './not-found.js';
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

type Route = (core: KlarefiCore<Request>, pathname: string) => string;

function handlers(
  options: KlarefiNextOptionsInput,
  route: Route,
  check?: (options: KlarefiNextOptions) => void,
): KlarefiRouteHandlers {
  const core = coreProvider(options, check);
  async function handler(request: Request): Promise<Response> {
    try {
      const current = core();
      const path = route(current, new URL(request.url).pathname);
      const result = await handleWebRequest(current, { request, path, context: request });
      if (!result) return routeNotFound(current).toResponse();
      return toWebResponse(result);
    } catch (error) {
      if (isKlarefiHttpError(error)) return error.toResponse();
      throw error;
    }
  }
  return { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}

// A catch-all route sees the whole URL path: match the Klarefi paths at its end, so that
// app/api/klarefi/[...klarefi]/route.ts serves /api/klarefi/start-claim (basePath included).
function bySuffix(core: KlarefiCore<Request>, pathname: string): string {
  for (const path of [core.webhookPath, core.startClaimPath]) {
    if (path && pathname.endsWith(path)) return path;
  }
  return pathname;
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
  return handlers(options, (core) => core.startClaimPath as string, needsStartClaim);
}

function needsStartClaim(options: KlarefiNextOptions): void {
  if (!options.startClaim) {
    throw new KlarefiConfigError(
      "@klarefi/nextjs: startClaim() serves the start-claim redirect, so it needs startClaim: { caseTypeId: 'motor_claim' } (got startClaim: false or none).",
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
  return handlers(options, (core) => core.webhookPath);
}
