import { createKlarefiCore, type KlarefiAnswer, readStreamBody } from '@klarefi/sdk/adapter';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { EXPRESS_RAW_BODY_HELP, rawBodyOf } from './raw-body.js';
import type { KlarefiExpressOptions } from './types.js';

// Writing can still fail (the app's timeout middleware answered first, a socket gone): the error
// goes to the app's error handlers, never to an unhandled rejection that would end the process.
function write(res: Response, answer: KlarefiAnswer, next: NextFunction): void {
  try {
    if (res.headersSent) return;
    res.status(answer.status).set(answer.headers);
    if (answer.body === null) res.end();
    else res.send(answer.body);
  } catch (error) {
    next(error);
  }
}

// A stream the app's parser already read leaves what it kept (or a parsed object, which the
// core refuses with the Express fix); otherwise the router reads the bytes as sent.
function bodyReader(req: Request) {
  return (limit: number) => {
    if (req.readableEnded || (req as { rawBody?: unknown }).rawBody !== undefined) {
      return Promise.resolve(rawBodyOf(req) as string | Uint8Array | undefined);
    }
    return readStreamBody(req, limit);
  };
}

/**
 * An Express `Router` that serves `GET {startClaim.path}` (a redirect to a new hosted intake
 * session) and `POST {webhook.path}` (a verified, deduplicated webhook delivery). Paths are
 * relative to wherever the router is mounted. Options are checked now: a missing secret or case
 * type throws a `KlarefiConfigError` that says what to set.
 *
 * Every answer, refusals included, is written by the router itself: `{ "error": { "code",
 * "message" } }` with the status and headers of Klarefi's other adapters. Only a
 * `startClaim.session()` hook's own error goes to `next(err)`. The router reads the webhook body
 * as bytes itself; mount it before `express.json()`, or keep the bytes with
 * `express.json({ verify: rawBodySaver })`.
 * @throws {KlarefiConfigError} when the options are incomplete or invalid.
 * @example
 * const app = express();
 * app.use(klarefiRouter({
 *   webhookSecret: process.env.KLAREFI_WEBHOOK_SECRET,
 *   startClaim: { caseTypeId: 'motor_claim' },
 *   on: { 'case.completed': async (event) => saveClaim(event) },
 * }));
 * app.use(express.json());
 */
export function klarefiRouter<TTx = never>(options: KlarefiExpressOptions<TTx>): Router {
  const core = createKlarefiCore<Request, TTx>(options);
  const router = express.Router();

  router.use(function klarefiClient(req: Request, _res: Response, next: NextFunction) {
    req.klarefi = core.client;
    next();
  });

  if (core.startClaimPath !== null) {
    router.all(
      core.startClaimPath,
      function klarefiStartClaim(req: Request, res: Response, next: NextFunction) {
        const aborted = new AbortController();
        res.once('close', () => aborted.abort());
        core
          .handleStartClaim({
            method: req.method,
            header(name) {
              return req.headers[name];
            },
            request: req,
            signal: aborted.signal,
          })
          .then((answer) => write(res, answer, next), next);
      },
    );
  }

  router.all(core.webhookPath, function klarefiWebhook(req: Request, res: Response, next: NextFunction) {
    core
      .handleWebhook({
        method: req.method,
        header(name) {
          return req.headers[name];
        },
        readBody: bodyReader(req),
        rawBodyHelp: EXPRESS_RAW_BODY_HELP,
        request: req,
      })
      .then((answer) => write(res, answer, next), next);
  });
  return router;
}
