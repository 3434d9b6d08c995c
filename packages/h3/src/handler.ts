import type { KlarefiClient, KlarefiOptions } from '@klarefi/sdk';
import { type BodyRead, createKlarefiCore, type KlarefiAnswer, toWebResponse } from '@klarefi/sdk/adapter';
import {
  defineEventHandler,
  type EventHandler,
  getMethod,
  getRequestHeader,
  getRequestURL,
  type H3Event,
  readRawBody,
  setResponseHeaders,
  setResponseStatus,
} from 'h3';

/**
 * The options of {@link defineKlarefiHandler}: the options every Klarefi adapter shares, with
 * h3's `H3Event` as the request that `startClaim.session()` and event handlers receive.
 */
export type KlarefiH3Options<TTx = never> = KlarefiOptions<H3Event, TTx>;

/** What the handler puts on `event.context`: `event.context.klarefi` is the API client (`null` without one). */
export interface KlarefiEventContextValues {
  klarefi: KlarefiClient | null;
}

/** The fix for a missing raw body, in h3 terms: the core's `raw_body_unavailable` message. */
export const H3_RAW_BODY_HELP =
  'A middleware read this webhook before the Klarefi handler, so the exact bytes the signature covers are gone (h3 2 reads a body once). ' +
  'Register the Klarefi handler before any middleware that reads bodies (in Nitro and Nuxt: name its server/middleware file so it sorts first, e.g. 0.klarefi.ts).';

// h3 1 keeps the bytes an earlier readBody() read, and readRawBody() hands them over. On h3 2
// the Web Request's body can be read once: after another reader it is gone (`req.bodyUsed`; h3 1
// has no `event.req`), and the core answers raw_body_unavailable with the h3 fix.
function rawBody(event: H3Event): Promise<BodyRead> {
  if (event.req?.bodyUsed) return Promise.resolve(undefined);
  return readRawBody(event, false) as Promise<BodyRead>;
}

// The one write path. A body goes back as h3's own response (status and headers set on the event,
// the text returned), which h3 2 writes without building a Web Response and its stream; a redirect
// has no body to return (on h3 1 a handler returning nothing passes the request on), so it stays a
// Response.
function write(event: H3Event, answer: KlarefiAnswer): Response | string {
  if (answer.body === null) return toWebResponse(answer);
  setResponseStatus(event, answer.status);
  setResponseHeaders(event, answer.headers);
  return answer.body;
}

/**
 * An h3 event handler that answers `GET {startClaim.path}` (a redirect to a new hosted intake
 * session) and `POST {webhook.path}` (a verified, deduplicated webhook delivery), matched against
 * the request's whole path, and returns nothing for any other request so h3 goes on to the next
 * handler: use it as Nitro/Nuxt server middleware (`server/middleware/klarefi.ts`) or with
 * `app.use()`. Sets `event.context.klarefi`. Options are checked now: a missing secret or case
 * type throws a `KlarefiConfigError` that says what to set.
 *
 * The webhook body is read with h3's own `readRawBody`, which keeps what an earlier `readBody()`
 * read, so the signature is checked over the bytes as sent. A `startClaim.session()` hook's own
 * error is thrown to h3's error handling.
 * @throws {KlarefiConfigError} when the options are incomplete or invalid.
 * @example
 * // server/middleware/klarefi.ts
 * export default defineKlarefiHandler({
 *   startClaim: { caseTypeId: 'motor_claim' },
 *   on: { 'case.completed': async (event) => saveClaim(event) },
 * });
 */
export function defineKlarefiHandler<TTx = never>(options: KlarefiH3Options<TTx>): EventHandler {
  const core = createKlarefiCore<H3Event, TTx>(options);

  return defineEventHandler(async function klarefiHandler(event: H3Event) {
    (event.context as Partial<KlarefiEventContextValues>).klarefi = core.client;
    // h3 2 parsed the URL before routing (`event.url`, the pathname its router matched);
    // getRequestURL() would parse it again. h3 1 has no `event.url`.
    const route = core.routeOf(((event.url as URL | undefined) ?? getRequestURL(event)).pathname);
    if (route === null) return;
    const header = (name: string) => getRequestHeader(event, name);
    const method = getMethod(event);
    const answer =
      route === 'webhook'
        ? await core.handleWebhook({
            method,
            header,
            readBody: () => rawBody(event),
            rawBodyHelp: H3_RAW_BODY_HELP,
            request: event,
          })
        : await core.handleStartClaim({ method, header, request: event });
    return write(event, answer);
  }) as EventHandler;
}
