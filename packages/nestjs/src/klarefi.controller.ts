import {
  All,
  applyDecorators,
  Controller,
  Inject,
  Logger,
  Req,
  Res,
  type Type,
  VERSION_NEUTRAL,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { isKlarefiHttpError, KlarefiConfigError } from '@klarefi/sdk';
import type { HandlerResponse, KlarefiCore } from '@klarefi/sdk/adapter';
import { KLAREFI_CORE } from './klarefi.constants.js';
import { KlarefiHttpException } from './klarefi.exception.js';
import type { KlarefiRequest } from './klarefi-module-options.interface.js';

const NEST_RAW_BODY_HELP =
  'Nest kept no raw body: create the app with NestFactory.create(AppModule, { rawBody: true }) and keep ' +
  "its JSON body parser (after bodyParser: false, call app.useBodyParser('json')).";

const logger = new Logger('KlarefiModule');

/** The controller of one `forRoot` call, and the function that gives its two routes their paths. */
export type KlarefiRoutes = [
  controller: Type<unknown>,
  mount: <T extends KlarefiCore<KlarefiRequest>>(core: T) => T,
];

/**
 * Creates the controller that serves the start-claim and webhook routes, one class per `forRoot`
 * call so that two modules never share route paths. `decorators` are applied to both routes now,
 * before Nest scans the module (so a `UseGuards()` class among them is registered like any
 * other). The paths come from options that may resolve asynchronously (`forRootAsync`), so
 * `mount` writes them when the module's core is built, before Nest registers the routes.
 */
export function createKlarefiController(decorators: readonly MethodDecorator[]): KlarefiRoutes {
  if (!Array.isArray(decorators) || !decorators.every((d) => typeof d === 'function')) {
    throw new KlarefiConfigError('KlarefiModule: decorators must be an array of method decorators.');
  }

  const onRoutes = applyDecorators(...decorators);

  // Version-neutral: the webhook URL registered with Klarefi stays the same when the app versions its API.
  @Controller({ version: VERSION_NEUTRAL })
  class KlarefiController {
    private rawBodyLogged = false;

    constructor(
      @Inject(KLAREFI_CORE) private readonly core: KlarefiCore<KlarefiRequest>,
      @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    ) {}

    @onRoutes
    startClaim(@Req() req: KlarefiRequest, @Res() res: unknown): Promise<void> {
      return this.answer(res, this.core.handleStartClaim({ method: req.method, request: req }));
    }

    @onRoutes
    webhook(@Req() req: KlarefiRequest, @Res() res: unknown): Promise<void> {
      return this.answer(
        res,
        this.core.handleWebhook({
          method: req.method,
          headers: req.headers,
          // Nest's `rawBody: true` keeps it on both platforms; without it the core answers 500 with the help.
          rawBody: req.rawBody,
          rawBodyHelp: NEST_RAW_BODY_HELP,
          request: req,
        }),
      );
    }

    /**
     * Writes the core's answer. A core refusal is thrown as a `KlarefiHttpException` for the
     * exception filters; anything else (a session() hook's own error) passes untouched.
     */
    private answer(res: unknown, pending: Promise<HandlerResponse>): Promise<void> {
      const adapter = this.host.httpAdapter;
      const setHeaders = (headers: Record<string, string>, skip?: string) => {
        for (const [name, value] of Object.entries(headers))
          if (name !== skip) adapter.setHeader(res, name, value);
      };
      return pending.then(
        (result) => {
          setHeaders(result.headers);
          adapter.reply(res, result.body ?? undefined, result.status);
        },
        (error: unknown) => {
          if (!isKlarefiHttpError(error)) throw error;
          // A missing raw body is the app's set-up, the same for every delivery: said once, not per request.
          if (error.code === 'raw_body_unavailable' && !this.rawBodyLogged) {
            this.rawBodyLogged = true;
            logger.error(error.message);
          }
          // Exception filters write the body and its content type; the other headers belong to the answer.
          setHeaders(error.headers, 'content-type');
          throw new KlarefiHttpException(error);
        },
      );
    }
  }

  const proto = KlarefiController.prototype;
  const route = (key: 'startClaim' | 'webhook', path: string | null): void => {
    if (path !== null) All(path)(proto, key, Object.getOwnPropertyDescriptor(proto, key)!);
  };
  function mountKlarefiRoutes<T extends KlarefiCore<KlarefiRequest>>(core: T): T {
    route('startClaim', core.startClaimPath);
    route('webhook', core.webhookPath);
    return core;
  }
  return [KlarefiController, mountKlarefiRoutes];
}
