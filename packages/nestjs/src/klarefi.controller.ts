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
import { type KlarefiAnswer, type KlarefiCore, optionChecker } from '@klarefi/sdk/adapter';
import { KLAREFI_CORE } from './klarefi.constants.js';
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
    optionChecker('KlarefiModule').invalid('decorators', decorators, 'an array of method decorators');
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
      const request = {
        method: req.method,
        header(name: string) {
          return req.headers[name];
        },
        request: req,
        log(line: string) {
          logger.error(line);
        },
      };
      return this.core.handleStartClaim(request).then((answer) => this.write(res, answer));
    }

    @onRoutes
    webhook(@Req() req: KlarefiRequest, @Res() res: unknown): Promise<void> {
      return this.core
        .handleWebhook({
          method: req.method,
          header(name) {
            return req.headers[name];
          },
          // Nest's `rawBody: true` keeps it on both platforms; without it the core answers 500 with the help.
          async readBody() {
            return req.rawBody;
          },
          rawBodyHelp: NEST_RAW_BODY_HELP,
          request: req,
        })
        .then((answer) => this.write(res, answer));
    }

    /** The one write path: status, headers and body of the core's answer, through Nest's HTTP adapter. */
    private write(res: unknown, answer: KlarefiAnswer): void {
      // A missing raw body is the app's set-up, the same for every delivery: said once, not per request.
      if (answer.outcome?.code === 'raw_body_unavailable' && !this.rawBodyLogged) {
        this.rawBodyLogged = true;
        logger.error(NEST_RAW_BODY_HELP);
      }
      const adapter = this.host.httpAdapter;
      try {
        for (const [name, value] of Object.entries(answer.headers)) adapter.setHeader(res, name, value);
        adapter.reply(res, answer.body ?? undefined, answer.status);
      } catch (error) {
        // The answer could not be written (the client went away, an interceptor answered first).
        logger.warn(`Could not write the Klarefi answer (${answer.status}): ${(error as Error)?.message}`);
      }
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
