import { type KlarefiClient, KlarefiConfigError, type KlarefiOptions } from '@klarefi/sdk';
import {
  type BodyRead,
  createKlarefiCore,
  type KlarefiAnswer,
  type KlarefiCore,
  optionChecker,
  readStreamBody,
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
export interface KlarefiFastifyOptions<TTx = never> extends KlarefiOptions<FastifyRequest, TTx> {
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

function send(reply: FastifyReply, answer: KlarefiAnswer): FastifyReply {
  return reply
    .code(answer.status)
    .headers(answer.headers)
    .send(answer.body ?? undefined);
}

function skipBody(
  _request: FastifyRequest,
  payload: NodeJS.ReadableStream,
  done: (error: null) => void,
): void {
  payload.resume();
  done(null);
}

// The route's own content-type parser reads the body, bounded by the core's limit, and hands the
// core what it read (or how reading failed) as `request.body`: the core still decides every
// answer, 413 included, after its method check. Reading here, not in the handler, saves Fastify
// a turn with the stream (measured: about 10 µs of CPU per delivery).
type ParsedBody = BodyRead | { readFailed: unknown };

function readWithin(limitBytes: number) {
  return function readKlarefiBody(
    _request: FastifyRequest,
    payload: NodeJS.ReadableStream,
    done: (error: null, body: ParsedBody) => void,
  ): void {
    readStreamBody(payload as unknown as AsyncIterable<Uint8Array>, limitBytes).then(
      (read) => done(null, read),
      (error: unknown) => done(null, { readFailed: error }),
    );
  };
}

function readBody(request: FastifyRequest) {
  return (): Promise<BodyRead> => {
    const body = request.body as ParsedBody | null | undefined;
    if (body === undefined || body === null) return Promise.resolve(undefined);
    if (typeof body === 'object' && 'readFailed' in body) return Promise.reject(body.readFailed);
    return Promise.resolve(body);
  };
}

function klarefiRoutes(core: KlarefiCore<FastifyRequest>) {
  function route(
    scope: FastifyInstance,
    url: string,
    run: (request: FastifyRequest, reply: FastifyReply) => Promise<KlarefiAnswer>,
  ) {
    scope.route({
      method: METHODS,
      url,
      handler: async function klarefiHandler(request, reply) {
        return send(reply, await run(request, reply));
      },
    });
  }
  const header = (request: FastifyRequest) => (name: string) => request.headers[name];

  // Parsers are scoped to these routes: the app's own routes keep their JSON and form parsers.
  async function webhookScope(scope: FastifyInstance): Promise<void> {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', readWithin(core.maxBodyBytes));
    route(scope, core.webhookPath, (request) =>
      core.handleWebhook({
        method: request.method,
        header: header(request),
        readBody: readBody(request),
        request,
      }),
    );
  }

  // Start-claim reads no body: one sent along is drained unread, and the core answers the method.
  async function startClaimScope(scope: FastifyInstance, path: string): Promise<void> {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', skipBody);
    route(scope, path, (request, reply) => {
      // The claimant closed the tab: session creation stops retrying.
      const aborted = new AbortController();
      reply.raw.once('close', () => aborted.abort());
      return core.handleStartClaim({
        method: request.method,
        header: header(request),
        request,
        signal: aborted.signal,
        log(line) {
          request.log.error(line);
        },
      });
    });
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
    optionChecker('@klarefi/fastify').invalid('prefix', prefix, 'a path starting with "/", e.g. "/klarefi"');
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
 * Every answer, refusals included (405, 413, 400, 401, 409, 500, 502, 503), is written by the
 * plugin itself: `{ "error": { "code", "message" } }` with its headers (`allow`,
 * `retry-after`), the same in every Klarefi adapter. Only a `startClaim.session()` hook's own
 * error reaches your `setErrorHandler`. Outcomes go to the request's logger.
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
