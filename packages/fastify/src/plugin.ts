import {
  isKlarefiHttpError,
  type KlarefiClient,
  KlarefiConfigError,
  type KlarefiOptions,
} from '@klarefi/sdk';
import {
  createKlarefiCore,
  type HandlerResponse,
  type KlarefiCore,
  payloadTooLarge,
} from '@klarefi/sdk/adapter';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { withRequestLog } from './outcomes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The Klarefi API client of `@klarefi/fastify` (from its `client` or `apiKey` option), or
     * `null` when neither was given.
     */
    klarefi: KlarefiClient | null;
  }
}

/** The options of `app.register(klarefi, options)`: the options every Klarefi adapter shares, plus `prefix`. */
export interface KlarefiFastifyOptions extends KlarefiOptions<FastifyRequest> {
  /**
   * A path prefix for both routes: `prefix: '/klarefi'` serves `/klarefi/start-claim` and
   * `/klarefi/webhooks/klarefi`. It adds to the prefix of the scope you register in.
   * @default "" (the routes sit where the plugin is registered)
   */
  prefix?: string;
}

// Every method reaches the core, which answers 405 with `allow` itself; HEAD follows GET. Neither
// route is called cross-origin (a navigation and a server-to-server POST), so OPTIONS is no preflight.
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

// Fastify's documented way to shape an error's JSON: a response schema for its status. The
// serializer calls KlarefiHttpError's toJSON, so the app's error handler (Fastify's default, or
// one that sends the error on) answers `{ "error": { "code", "message" } }`; any other error or
// object keeps Fastify's fields and the app's own.
const ERROR_BODY = {
  type: 'object',
  properties: {
    statusCode: { type: 'number' },
    code: { type: 'string' },
    error: {},
    message: { type: 'string' },
  },
  additionalProperties: true,
} as const;
const ROUTE_SCHEMA = { response: { '4xx': ERROR_BODY, '5xx': ERROR_BODY } };

function send(reply: FastifyReply, result: HandlerResponse): FastifyReply {
  return reply
    .code(result.status)
    .headers(result.headers)
    .send(result.body ?? undefined);
}

function skipBody(
  _request: FastifyRequest,
  payload: NodeJS.ReadableStream,
  done: (error: null) => void,
): void {
  payload.resume();
  done(null);
}

function keepBuffer(_request: FastifyRequest, body: Buffer, done: (error: null, body: Buffer) => void): void {
  done(null, body);
}

// The documented hook for headers on an error: `allow` and `retry-after` reach the reply whatever
// the app's error handler renders; the content type stays the handler's choice.
async function addRefusalHeaders(
  _request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
): Promise<void> {
  if (!isKlarefiHttpError(error)) return;
  const { 'content-type': _json, ...headers } = error.headers;
  reply.headers(headers);
}

function klarefiRoutes(core: KlarefiCore<FastifyRequest>) {
  // The parser's limit is webhook.maxBodyBytes: the core answers its refusal (405 first, then
  // 413) and reports the outcome; every other error goes on, unchanged, to the scope's handler.
  async function bodyTooLargeIsKlarefis(error: { code?: unknown }, request: FastifyRequest): Promise<never> {
    if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error;
    const { method, headers } = request;
    await core.handleWebhook({ method, headers, rawBody: undefined, bodyTooLarge: true, request });
    throw payloadTooLarge(core.maxBodyBytes);
  }

  function route(
    scope: FastifyInstance,
    url: string,
    run: (request: FastifyRequest) => Promise<HandlerResponse>,
  ) {
    scope.route({
      method: METHODS,
      url,
      schema: ROUTE_SCHEMA,
      onError: addRefusalHeaders,
      errorHandler: bodyTooLargeIsKlarefis,
      handler: async function klarefiHandler(request, reply) {
        return send(reply, await run(request));
      },
    });
  }

  // Parsers are scoped to these routes: the app's own routes keep their JSON and form parsers.
  async function webhookScope(scope: FastifyInstance): Promise<void> {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: core.maxBodyBytes }, keepBuffer);
    route(scope, core.webhookPath, (request) =>
      // No parser runs for a request without a body: `undefined`, which the core reads as zero bytes.
      core.handleWebhook({
        method: request.method,
        headers: request.headers,
        rawBody: request.body,
        request,
      }),
    );
  }

  // Start-claim reads no body: one sent along is drained unread, and the core answers the method.
  async function startClaimScope(scope: FastifyInstance, path: string): Promise<void> {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', skipBody);
    route(scope, path, (request) => core.handleStartClaim({ method: request.method, request }));
  }

  return async function klarefiScope(scope: FastifyInstance): Promise<void> {
    const startClaimPath = core.startClaimPath;
    if (startClaimPath !== null) await scope.register((s) => startClaimScope(s, startClaimPath));
    await scope.register(webhookScope);
  };
}

async function klarefiPlugin(fastify: FastifyInstance, options: KlarefiFastifyOptions): Promise<void> {
  const { prefix, ...shared } = options;
  if (prefix !== undefined && (typeof prefix !== 'string' || !prefix.startsWith('/'))) {
    throw new KlarefiConfigError(
      `prefix must be a path starting with "/", e.g. "/klarefi"; got ${JSON.stringify(prefix)}.`,
    );
  }
  const core = createKlarefiCore<FastifyRequest>(withRequestLog(shared));
  if (fastify.hasDecorator('klarefi')) {
    throw new KlarefiConfigError(
      '@klarefi/fastify is already registered in this scope (app.klarefi exists). Register it once; for a second set of routes, register it inside another encapsulated plugin.',
    );
  }
  fastify.decorate('klarefi', core.client);
  // fastify-plugin skips Fastify's own prefix handling, so the inner scope applies it.
  await fastify.register(klarefiRoutes(core), prefix === undefined ? {} : { prefix });
}

/**
 * The Klarefi plugin for Fastify 4 and 5: `GET {startClaim.path}` redirects the claimant to
 * a new Klarefi session, `POST {webhook.path}` verifies the raw bytes of a delivery and runs
 * your handlers. The routes get their own buffer body parser, so your app's JSON routes are
 * unaffected; `app.klarefi` is the API client.
 *
 * Refusals (405, 413, 400, 401, 409, 500, 502) are thrown as `KlarefiHttpError`s with
 * `statusCode`, `code` and `headers`, for your `setErrorHandler` (set before registering the
 * plugin, as for any route) to render. Fastify's default handler, or yours when it sends the
 * error on with `reply.send(error)`, answers `{ "error": { "code", "message" } }` with the
 * error's headers (`allow`, `retry-after`).
 *
 * @throws {KlarefiConfigError} at `register`/`ready` when an option is missing or wrong, or
 *   when the plugin is registered twice in one scope.
 * @example
 * import Fastify from 'fastify';
 * import klarefi from '@klarefi/fastify';
 *
 * const app = Fastify();
 * await app.register(klarefi, {
 *   apiKey: process.env.KLAREFI_API_KEY,
 *   webhookSecret: process.env.KLAREFI_WEBHOOK_SECRET!,
 *   startClaim: { caseTypeId: 'motor_claim' },
 *   on: { 'case.completed': async (event) => saveClaim(event) },
 * });
 */
export const klarefi: FastifyPluginAsync<KlarefiFastifyOptions> = fp(klarefiPlugin, {
  name: '@klarefi/fastify',
  fastify: '4.x || 5.x',
});
