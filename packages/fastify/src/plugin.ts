import {
  createKlarefiCore,
  type HandlerResponse,
  isKlarefiHttpError,
  type KlarefiClient,
  KlarefiConfigError,
  type KlarefiCore,
  type KlarefiOptions,
} from '@klarefi/sdk';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

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
const EMPTY = Buffer.alloc(0);

type Run = (request: FastifyRequest, bodyTooLarge: boolean) => Promise<HandlerResponse>;

function send(reply: FastifyReply, result: HandlerResponse): FastifyReply {
  return reply
    .code(result.status)
    .headers(result.headers)
    .send(result.body ?? undefined);
}

function routeErrorHandler(run: Run, appHandlerIsFastifyDefault: () => boolean) {
  return async function klarefiErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
    let refusal = error;
    // The parser's limit is webhook.maxBodyBytes; the core, not Fastify, answers an oversized body.
    if ((error as { code?: unknown }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      try {
        return send(reply, await run(request, true));
      } catch (answer) {
        refusal = answer;
      }
    }
    if (!isKlarefiHttpError(refusal)) throw refusal;
    const { 'content-type': _json, ...headers } = refusal.headers;
    reply.headers(headers);
    if (!appHandlerIsFastifyDefault()) throw refusal;
    reply.log[refusal.statusCode >= 500 ? 'error' : 'info']({ err: refusal }, refusal.message);
    return reply.code(refusal.statusCode).headers(refusal.headers).send(refusal.body);
  };
}

function keepBuffer(_request: FastifyRequest, body: Buffer, done: (error: null, body: Buffer) => void): void {
  done(null, body);
}

function klarefiRoutes(core: KlarefiCore<FastifyRequest>) {
  const startClaim: Run = (request) => core.handleStartClaim({ method: request.method, request });
  const webhook: Run = (request, bodyTooLarge) =>
    core.handleWebhook({
      method: request.method,
      headers: request.headers,
      // Fastify runs no parser for a request without a body; that is zero bytes, not a lost body.
      rawBody: bodyTooLarge || request.body === undefined ? EMPTY : request.body,
      bodyTooLarge,
      request,
    });

  // Fastify's default handler would answer `{ statusCode, code, error, message }`; the core's
  // `{ error: { code, message } }` is the answer every Klarefi adapter gives, so it is sent
  // here unless the app installed its own handler.
  let appHandlerIsFastifyDefault = true;
  const isFastifyDefault = () => appHandlerIsFastifyDefault;

  function route(scope: FastifyInstance, url: string, run: Run): void {
    scope.route({
      method: METHODS,
      url,
      errorHandler: routeErrorHandler(run, isFastifyDefault),
      handler: async function klarefiHandler(request, reply) {
        return send(reply, await run(request, false));
      },
    });
  }

  return async function klarefiScope(scope: FastifyInstance): Promise<void> {
    // Scoped to these two routes: the app's own routes keep their JSON and form parsers.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: core.maxBodyBytes }, keepBuffer);
    if (core.startClaimPath !== null) route(scope, core.startClaimPath, startClaim);
    route(scope, core.webhookPath, webhook);
    // Routes bind the scope's error handler at this same point (Fastify's route.js), not later.
    scope.after(() => {
      appHandlerIsFastifyDefault = scope.errorHandler.name === 'defaultErrorHandler';
    });
  };
}

async function klarefiPlugin(fastify: FastifyInstance, options: KlarefiFastifyOptions): Promise<void> {
  const { prefix, ...shared } = options;
  if (prefix !== undefined && (typeof prefix !== 'string' || !prefix.startsWith('/'))) {
    throw new KlarefiConfigError(
      `prefix must be a path starting with "/", e.g. "/klarefi"; got ${JSON.stringify(prefix)}.`,
    );
  }
  const core = createKlarefiCore<FastifyRequest>(shared);
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
 * `statusCode` and `code`: your `setErrorHandler` receives them, and Fastify's default answers
 * `{ "error": { "code", "message" } }` with the error's headers (`allow`, `retry-after`).
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
