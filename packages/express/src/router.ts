import { createKlarefiCore, type HandlerResponse } from '@klarefi/sdk/adapter';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { EXPRESS_RAW_BODY_HELP, rawBodyOf } from './raw-body.js';
import type { KlarefiExpressOptions } from './types.js';

const TOO_LARGE = Symbol('klarefi.bodyTooLarge');

type WebhookRequest = Request & { [TOO_LARGE]?: boolean };

function send(res: Response, result: HandlerResponse): void {
  res.status(result.status).set(result.headers);
  if (result.body === null) res.end();
  else res.send(result.body);
}

/**
 * An Express `Router` that serves `GET {startClaim.path}` (a redirect to a new hosted intake
 * session) and `POST {webhook.path}` (a verified, deduplicated webhook delivery). Paths are
 * relative to wherever the router is mounted. Options are checked now: a missing secret or case
 * type throws a `KlarefiConfigError` that says what to set.
 *
 * Refusals go to `next(err)` as a `KlarefiHttpError` (`status`, `statusCode`, `code`, `headers`,
 * `expose`); mount {@link klarefiErrorHandler} after your routes to answer them as JSON. The router
 * reads the webhook body as bytes itself; mount it before `express.json()`, or keep the bytes with
 * `express.json({ verify: rawBodySaver })`.
 * @throws {KlarefiConfigError} when the options are incomplete or invalid.
 * @example
 * const app = express();
 * app.use(klarefiRouter({
 *   apiKey: process.env.KLAREFI_API_KEY,
 *   webhookSecret: process.env.KLAREFI_WEBHOOK_SECRET!,
 *   startClaim: { caseTypeId: 'motor_claim' },
 *   on: { 'case.completed': async (event) => saveClaim(event) },
 * }));
 * app.use(express.json());
 * app.use(klarefiErrorHandler());
 */
export function klarefiRouter(options: KlarefiExpressOptions): Router {
  const core = createKlarefiCore<Request>(options);
  const readRaw = express.raw({ type: () => true, limit: core.maxBodyBytes });
  const router = express.Router();

  router.use(function klarefiClient(req: Request, _res: Response, next: NextFunction) {
    req.klarefi = core.client;
    next();
  });

  if (core.startClaimPath !== null) {
    router.all(
      core.startClaimPath,
      function klarefiStartClaim(req: Request, res: Response, next: NextFunction) {
        core.handleStartClaim({ method: req.method, request: req }).then((result) => send(res, result), next);
      },
    );
  }

  function klarefiReadBody(req: WebhookRequest, res: Response, next: NextFunction): void {
    // Already read by the app (rawBody kept, or a reader body-parser 1 cannot detect): reading again would fail.
    if (req.readableEnded || (req as { rawBody?: unknown }).rawBody !== undefined) {
      next();
      return;
    }
    readRaw(req, res, (error?: unknown) => {
      // The core answers an oversized body (after the method check), so its answer is the one everyone sees.
      if ((error as { type?: unknown } | undefined)?.type === 'entity.too.large') {
        req[TOO_LARGE] = true;
        next();
      } else next(error);
    });
  }

  function klarefiWebhook(req: WebhookRequest, res: Response, next: NextFunction): void {
    const bodyTooLarge = req[TOO_LARGE] === true;
    core
      .handleWebhook({
        method: req.method,
        headers: req.headers,
        rawBody: rawBodyOf(req),
        bodyTooLarge,
        rawBodyHelp: EXPRESS_RAW_BODY_HELP,
        request: req,
      })
      .then((result) => send(res, result), next);
  }

  router.all(core.webhookPath, klarefiReadBody, klarefiWebhook);
  return router;
}
