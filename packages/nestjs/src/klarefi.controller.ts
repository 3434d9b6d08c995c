import { All, Controller, Inject, Req, Res, type Type, VERSION_NEUTRAL } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type HandlerResponse, isKlarefiHttpError, type KlarefiCore } from '@klarefi/sdk';
import { KLAREFI_CORE } from './klarefi.constants.js';
import { KlarefiHttpException } from './klarefi.exception.js';
import type { KlarefiRequest } from './klarefi-module-options.interface.js';

const NEST_RAW_BODY_HELP =
  'Nest kept no raw body for this webhook, so its signature cannot be checked. Create the app with ' +
  "NestFactory.create(AppModule, { rawBody: true }) and keep Nest's body parser on (bodyParser: false drops the raw body); " +
  'Nest keeps the raw bytes of application/json and urlencoded bodies only, and only when no other JSON parser ran first.';

/** The body exactly as received: Nest's `req.rawBody`, or nothing when the request has no body. */
function rawBodyOf(req: KlarefiRequest): unknown {
  if (req.rawBody instanceof Uint8Array) return req.rawBody;
  const { headers } = req;
  const declared = headers['content-length'];
  if (headers['transfer-encoding'] === undefined && (declared === undefined || declared === '0'))
    return new Uint8Array(0);
  return req.rawBody;
}

/**
 * Creates the controller that serves the start-claim and webhook routes, one class per
 * `forRoot` call so that two apps (or two modules) never share route paths.
 */
export function createKlarefiController(): Type<unknown> {
  // Version-neutral: the webhook URL registered with Klarefi stays the same when the app versions its API.
  @Controller({ version: VERSION_NEUTRAL })
  class KlarefiController {
    constructor(
      @Inject(KLAREFI_CORE) private readonly core: KlarefiCore<KlarefiRequest>,
      @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    ) {
      // The paths come from options that may resolve asynchronously (forRootAsync), so they are
      // written here, after the options exist and before Nest reads them to register the routes.
      const proto = KlarefiController.prototype;
      if (core.startClaimPath !== null) mount(proto, 'startClaim', core.startClaimPath);
      mount(proto, 'webhook', core.webhookPath);
    }

    async startClaim(@Req() req: KlarefiRequest, @Res() res: unknown): Promise<void> {
      try {
        this.send(res, await this.core.handleStartClaim({ method: req.method, request: req }));
      } catch (error) {
        throw this.translate(res, error);
      }
    }

    async webhook(@Req() req: KlarefiRequest, @Res() res: unknown): Promise<void> {
      try {
        const input = {
          method: req.method,
          headers: req.headers,
          rawBody: rawBodyOf(req),
          rawBodyHelp: NEST_RAW_BODY_HELP,
          request: req,
        };
        this.send(res, await this.core.handleWebhook(input));
      } catch (error) {
        throw this.translate(res, error);
      }
    }

    private send(res: unknown, result: HandlerResponse): void {
      const adapter = this.host.httpAdapter;
      for (const [name, value] of Object.entries(result.headers)) adapter.setHeader(res, name, value);
      adapter.reply(res, result.body ?? undefined, result.status);
    }

    /** A core refusal becomes a `KlarefiHttpException`; anything else (a session() hook's own error) passes untouched. */
    private translate(res: unknown, error: unknown): unknown {
      if (!isKlarefiHttpError(error)) return error;
      // Exception filters write the body and its content type; the other headers belong to the answer.
      for (const [name, value] of Object.entries(error.headers)) {
        if (name !== 'content-type') this.host.httpAdapter.setHeader(res, name, value);
      }
      return new KlarefiHttpException(error);
    }
  }
  return KlarefiController;
}

function mount(proto: object, key: 'startClaim' | 'webhook', path: string): void {
  const descriptor = Object.getOwnPropertyDescriptor(proto, key);
  if (descriptor) All(path)(proto, key, descriptor);
}
