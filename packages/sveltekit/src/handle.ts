import {
  answerWebRequest,
  type BodyRead,
  type KlarefiAnswer,
  type KlarefiCore,
  type KlarefiRoute,
  readWebBody,
  toWebResponse,
} from '@klarefi/sdk/adapter';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { coreProvider, type KlarefiSvelteKitOptionsInput } from './options.js';

/** The fix for a missing raw body, in SvelteKit terms: the core's `raw_body_unavailable` message. */
export const SVELTEKIT_RAW_BODY_HELP =
  "A handle hook that runs before Klarefi's read event.request's body, so the exact bytes the signature covers are gone. " +
  'Put klarefiHandle(...) first in sequence(...), or have that hook read event.request.clone() instead.';

// A Web Request's body can be read once: a hook earlier in sequence() may have used it up, and the
// core then answers raw_body_unavailable with the SvelteKit fix.
function rawBody(request: Request, limit: number): Promise<BodyRead> {
  return request.bodyUsed ? Promise.resolve(undefined) : readWebBody(request, limit);
}

/** Answers `event` on `route` (or on the route its path names): `null` when it is not Klarefi's. */
export function answerEvent(
  core: KlarefiCore<RequestEvent>,
  event: RequestEvent,
  route?: KlarefiRoute | null,
): Promise<KlarefiAnswer> | null {
  const { request } = event;
  return answerWebRequest(
    core,
    {
      request,
      path: event.url.pathname,
      context: event,
      readBody: (limit) => rawBody(request, limit),
      rawBodyHelp: SVELTEKIT_RAW_BODY_HELP,
    },
    route === undefined ? core.routeOf(event.url.pathname) : route,
  );
}

/**
 * A server `handle` hook for `src/hooks.server.ts` that answers `GET {startClaim.path}` (a
 * redirect to a new hosted intake session) and `POST {webhook.path}` (a verified, deduplicated
 * webhook delivery, dispatched to `on` / `onEvent`), and calls `resolve(event)` for every other
 * path, so it composes with `sequence()`. Paths are matched against `event.url.pathname`
 * (`kit.paths.base` included). Options may be a function, called once on the first request, to
 * read `$env/dynamic/private`. A `startClaim.session()` hook's own error is thrown to SvelteKit's
 * error handling (`handleError`).
 * @throws {KlarefiConfigError} when the options cannot work (now when they carry the secrets,
 * else on the first request).
 * @example
 * // src/hooks.server.ts
 * export const handle = klarefiHandle({ startClaim: { caseTypeId: 'motor_claim' }, on: { 'case.completed': save } });
 */
export function klarefiHandle<TTx = never>(options: KlarefiSvelteKitOptionsInput<TTx>): Handle {
  const core = coreProvider('klarefiHandle', options);
  return async function klarefi({ event, resolve }) {
    const pending = answerEvent(core(), event);
    return pending === null ? resolve(event) : toWebResponse(await pending);
  };
}
