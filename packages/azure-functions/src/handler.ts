import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { KlarefiOptions } from '@klarefi/sdk';
import { BODY_TOO_LARGE, createKlarefiCore, type KlarefiAnswer, notFound } from '@klarefi/sdk/adapter';

/** What event handlers and `startClaim.session()` receive: the invocation's request and context. */
export interface KlarefiAzureRequest {
  request: HttpRequest;
  context: InvocationContext;
}

/** The shared Klarefi options; handlers receive {@link KlarefiAzureRequest}. */
export type KlarefiAzureOptions<TTx = never> = KlarefiOptions<KlarefiAzureRequest, TTx>;

function toResponse(answer: KlarefiAnswer): HttpResponseInit {
  return { status: answer.status, headers: answer.headers, body: answer.body ?? undefined };
}

/**
 * An `app.http()` handler for the v4 programming model serving `GET {startClaim.path}` (a redirect
 * to the hosted form) and `POST {webhook.path}` (verified, deduplicated, dispatched to `on` /
 * `onEvent`), matched at the end of the URL path, so the host's `/api` prefix or a route prefix in
 * front is fine; any other path answers 404. Options are validated and the client built once, when
 * called at module scope; `apiKey`, `baseUrl` and `webhookSecret` default to the app settings
 * `KLAREFI_API_KEY`, `KLAREFI_API_BASE_URL` and `KLAREFI_WEBHOOK_SECRET`.
 *
 * A `startClaim.session()` hook's error is thrown on to the Functions host, which logs it and
 * answers 500.
 *
 * @throws {KlarefiConfigError} when the options cannot work.
 * @example
 * app.http('klarefi', { route: 'klarefi/{*path}', methods: ['GET', 'POST'], authLevel: 'anonymous', handler: klarefiAzure({ startClaim: { caseTypeId: 'motor_claim' } }) });
 */
export function klarefiAzure<TTx = never>(options: KlarefiAzureOptions<TTx>): HttpHandler {
  const core = createKlarefiCore<KlarefiAzureRequest, TTx>(options);

  return async function klarefiAzureHandler(request, context) {
    const route = core.routeOf(new URL(request.url).pathname, { suffix: true });
    const header = (name: string) => request.headers.get(name);
    const req: KlarefiAzureRequest = { request, context };
    if (route === 'webhook') {
      return toResponse(
        await core.handleWebhook({
          method: request.method,
          header,
          // The host hands the worker the whole body at once, so reading it adds no buffering.
          readBody: async (limit) => {
            const bytes = new Uint8Array(await request.arrayBuffer());
            return bytes.byteLength > limit ? BODY_TOO_LARGE : bytes;
          },
          request: req,
        }),
      );
    }
    if (route === 'start-claim') {
      return toResponse(
        await core.handleStartClaim({
          method: request.method,
          header,
          request: req,
          log: (line) => context.error(line),
        }),
      );
    }
    return toResponse(notFound(core));
  };
}
