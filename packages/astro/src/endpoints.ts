import type { KlarefiOptions } from '@klarefi/sdk';
import {
  answerWebRequest,
  type BodyRead,
  createKlarefiCore,
  type KlarefiAnswer,
  type KlarefiRoute,
  optionChecker,
  readWebBody,
  toWebResponse,
} from '@klarefi/sdk/adapter';
import type { APIContext, APIRoute } from 'astro';

/**
 * The options of {@link startClaim} and {@link webhooks}: the options every Klarefi adapter
 * shares, with Astro's `APIContext` (`request`, `url`, `locals`, `cookies`, ...) as the request
 * that `startClaim.session()` and event handlers receive. Left out, `apiKey`, `baseUrl` and
 * `webhookSecret` are read from `KLAREFI_API_KEY`, `KLAREFI_API_BASE_URL` and
 * `KLAREFI_WEBHOOK_SECRET` in `process.env`.
 */
export type KlarefiAstroOptions<TTx = never> = KlarefiOptions<APIContext, TTx>;

/**
 * The endpoint handlers to export from a file in `src/pages`: `GET` or `POST` for the route's own
 * method, or `ALL` to answer every other method with Klarefi's JSON `405` and `allow` header.
 * They are the same function.
 */
export interface KlarefiEndpoints {
  GET: APIRoute;
  POST: APIRoute;
  ALL: APIRoute;
}

/** The fix for a missing raw body, in Astro terms: the core's `raw_body_unavailable` message. */
export const ASTRO_RAW_BODY_HELP =
  'Astro middleware (src/middleware.ts) read this webhook body before the Klarefi endpoint, so the exact bytes the signature covers are gone. ' +
  "In that middleware, read a copy (context.request.clone()) or call next() first for the webhook's path.";

// Middleware may have read the Web Request's body, which can be read once; the core then answers
// raw_body_unavailable with the Astro fix.
function rawBody(request: Request, limit: number): Promise<BodyRead> {
  return request.bodyUsed ? Promise.resolve(undefined) : readWebBody(request, limit);
}

function endpoints<TTx>(options: KlarefiAstroOptions<TTx>, route: KlarefiRoute): KlarefiEndpoints {
  const core = createKlarefiCore<APIContext, TTx>(options);
  // The file's location in src/pages is the route, so the whole path is this route's.
  const endpoint: APIRoute = async (context) => {
    const answer = answerWebRequest(
      core,
      {
        request: context.request,
        path: context.url.pathname,
        context,
        readBody: (limit) => rawBody(context.request, limit),
        rawBodyHelp: ASTRO_RAW_BODY_HELP,
      },
      route,
    ) as Promise<KlarefiAnswer>;
    return toWebResponse(await answer);
  };
  return { GET: endpoint, POST: endpoint, ALL: endpoint };
}

/**
 * The start-claim redirect as an Astro API endpoint, for `src/pages/start-claim.ts`:
 * `GET` creates a hosted intake session and answers `303 See Other` to its `signed_url`. The
 * file's location is the route (`startClaim.path` is not used). Options are checked now, when
 * Astro first loads the file: a missing key or case type throws a `KlarefiConfigError` that says
 * what to set. A `startClaim.session()` hook's own error reaches Astro's error handling (`500`).
 * Needs on-demand rendering: `output: 'server'`, or `export const prerender = false` in the file.
 * @throws {KlarefiConfigError} when `startClaim` is `false` or the options are incomplete.
 * @example
 * // src/pages/start-claim.ts
 * export const { GET } = startClaim({ startClaim: { caseTypeId: 'motor_claim' } });
 */
export function startClaim<TTx = never>(options: KlarefiAstroOptions<TTx>): KlarefiEndpoints {
  if (!options?.startClaim) {
    optionChecker('@klarefi/astro').fail(
      "startClaim() serves the start-claim redirect, so it needs startClaim: { caseTypeId: 'motor_claim' } (got startClaim: false or none).",
    );
  }
  return endpoints(options, 'start-claim');
}

/**
 * The verified webhook as an Astro API endpoint, for `src/pages/webhooks/klarefi.ts`: `POST`
 * verifies `X-Klarefi-Signature` over the raw bytes as sent, deduplicates on `delivery_id` and
 * runs `on` / `onEvent`. The file's location is the route (`webhook.path` is not used). Options
 * are checked now, when Astro first loads the file: a missing secret throws a
 * `KlarefiConfigError` that says what to set. Needs on-demand rendering: `output: 'server'`, or
 * `export const prerender = false` in the file.
 * @throws {KlarefiConfigError} when the options are incomplete or invalid.
 * @example
 * // src/pages/webhooks/klarefi.ts
 * export const { POST } = webhooks({ startClaim: false, on: { 'case.completed': (event) => save(event) } });
 */
export function webhooks<TTx = never>(options: KlarefiAstroOptions<TTx>): KlarefiEndpoints {
  return endpoints(options, 'webhook');
}
