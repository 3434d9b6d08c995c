import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type KlarefiCore, KlarefiConfigError } from '@klarefi/sdk';
import { KLAREFI_CORE } from './klarefi.constants.js';

type Callback = (error: unknown, value?: unknown) => void;
type Parser = (req: any, body: unknown, done: Callback) => void;
type Adapter = {
  getType?: () => string;
  use?: (...handlers: unknown[]) => unknown;
  registerParserMiddleware?: (prefix?: string, rawBody?: boolean) => unknown;
  useBodyParser?: (type: unknown, rawBody?: boolean, options?: unknown, parser?: Parser) => unknown;
};

/** What the module learns about one HTTP adapter while Nest sets up its body parsers. */
interface AdapterState {
  /** The `rawBody` flag of every body parser Nest installed. */
  rawBody: boolean[];
  /** The global prefix, as Nest passed it to its default parsers. */
  prefix: string;
  /** The webhook path of every KlarefiModule on this adapter. */
  webhookPaths: Set<string>;
}

const states = new WeakMap<object, AdapterState>();

function isWebhookRequest(state: AdapterState, req: { originalUrl?: string; url?: string }): boolean {
  const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
  const prefix = state.prefix.replace(/^\/+|\/+$/g, '');
  for (const webhookPath of state.webhookPaths) {
    if (path === webhookPath || (prefix !== '' && path === `/${prefix}${webhookPath}`)) return true;
  }
  return false;
}

/**
 * Wraps the adapter's parser set-up from before `app.init()`. Nest passes the app's `rawBody`
 * option to `registerParserMiddleware` (its default parsers) and `useBodyParser`, and keeps it
 * nowhere a module can read, so it is recorded here. And a webhook body that the app's JSON
 * parser refuses (invalid JSON, a bare string) still reaches the webhook route with its raw
 * bytes, so the core gives its own answer, in its order of checks, as in every other adapter.
 */
function watch(adapter: Adapter | undefined): AdapterState | undefined {
  if (!adapter) return undefined;
  const known = states.get(adapter);
  if (known) return known;
  const state: AdapterState = { rawBody: [], prefix: '', webhookPaths: new Set() };
  states.set(adapter, state);
  const express = adapter.getType?.() === 'express';

  function klarefiUnparsedWebhook(
    error: any,
    req: any,
    _res: unknown,
    next: (error?: unknown) => void,
  ): void {
    const refused = error?.type === 'entity.parse.failed' && req.rawBody instanceof Uint8Array;
    if (refused && isWebhookRequest(state, req)) next();
    else next(error);
  }
  // Fastify: the webhook route reads only the raw bytes, so its body is not parsed at all (a
  // parse would be wasted work, and a body the parser refuses must still reach the core).
  function skipWebhookParse(parser: Parser): Parser {
    return function klarefiJsonParser(req, body, done) {
      if (req.rawBody instanceof Uint8Array && isWebhookRequest(state, req)) done(null, undefined);
      else parser(req, body, done);
    };
  }

  const { registerParserMiddleware, useBodyParser } = adapter;
  if (registerParserMiddleware) {
    adapter.registerParserMiddleware = function recordDefaultParsers(this: Adapter, prefix, rawBody) {
      state.prefix = prefix ?? '';
      state.rawBody.push(rawBody === true);
      const result = registerParserMiddleware.call(this, prefix, rawBody);
      if (express) this.use?.(klarefiUnparsedWebhook);
      return result;
    };
  }
  if (useBodyParser) {
    adapter.useBodyParser = function recordBodyParser(this: Adapter, type, rawBody, options, parser) {
      state.rawBody.push(rawBody === true);
      const result = useBodyParser.call(this, type, rawBody, options, parser && skipWebhookParse(parser));
      if (express) this.use?.(klarefiUnparsedWebhook);
      return result;
    };
  }
  return state;
}

const NO_RAW_BODY =
  'KlarefiModule verifies webhook signatures over the raw request body, which Nest keeps only when the app is created with rawBody: true. ' +
  'Create it with NestFactory.create(AppModule, { rawBody: true }) (Fastify: NestFactory.create(AppModule, new FastifyAdapter(), { rawBody: true }); ' +
  'tests: moduleRef.createNestApplication({ rawBody: true }) or createNestApplication(adapter, { rawBody: true })).';

const NO_BODY_PARSER =
  'KlarefiModule verifies webhook signatures over the raw request body, but the app was created with bodyParser: false, so Nest keeps none. ' +
  "Remove bodyParser: false and create the app with { rawBody: true }, or keep it and call app.useBodyParser('json') before app.listen() " +
  '(it keeps the raw body when the app has rawBody: true).';

/**
 * Calls `start` once the host has its adapter: at once after NestFactory.create, or when a testing
 * module's createNestApplication() sets it, still before app.init(). Nest 11 announces that with
 * `init$`; on Nest 10 the host's own setter is the only signal.
 */
function whenAdapterSet(host: HttpAdapterHost, start: () => void): void {
  const init$ = (host as { init$?: { subscribe(next: () => void): unknown } }).init$;
  if (init$) {
    init$.subscribe(start);
    return;
  }
  if (host.httpAdapter) {
    start();
    return;
  }
  const accessor =
    Object.getOwnPropertyDescriptor(host, 'httpAdapter') ??
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(host), 'httpAdapter');
  const { get, set } = accessor ?? {};
  if (!get || !set) return;
  Object.defineProperty(host, 'httpAdapter', {
    configurable: true,
    get,
    set(this: HttpAdapterHost, adapter: unknown) {
      set.call(this, adapter);
      start();
    },
  });
}

/** Fails start-up, with the fix, when the app keeps no raw body for the webhook route. */
@Injectable()
export class KlarefiRawBody implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    @Inject(KLAREFI_CORE) core: KlarefiCore,
  ) {
    whenAdapterSet(host, () =>
      watch(host.httpAdapter as Adapter | undefined)?.webhookPaths.add(core.webhookPath),
    );
  }

  onModuleInit(): void {
    const adapter = this.host.httpAdapter;
    // No HTTP adapter (an application context), or one set up before this module could watch it:
    // nothing to check now; a delivery without a raw body still answers 500 raw_body_unavailable with the fix.
    const state = adapter ? states.get(adapter) : undefined;
    if (!state || state.rawBody.includes(true)) return;
    throw new KlarefiConfigError(state.rawBody.length === 0 ? NO_BODY_PARSER : NO_RAW_BODY);
  }
}
