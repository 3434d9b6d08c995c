import { isKlarefiHttpError } from '@klarefi/sdk';
import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';

/**
 * An Express error handler that answers a `KlarefiHttpError` (from {@link klarefiRouter}) with
 * Klarefi's own answer: its status, headers (`allow`, `retry-after`) and JSON body
 * `{ "error": { "code", "message" } }`. Every other error is passed on untouched. Mount it after
 * your routes; put your own error handler before it to see Klarefi's errors first (they carry
 * `status`, `code` and `toJSON()`), or leave it out and render them yourself.
 * @example
 * app.use(klarefiRouter({ ... }));
 * // ...your routes
 * app.use(klarefiErrorHandler());
 */
export function klarefiErrorHandler(): ErrorRequestHandler {
  return function renderKlarefiError(error: unknown, _req: Request, res: Response, next: NextFunction): void {
    if (!isKlarefiHttpError(error) || res.headersSent) {
      next(error);
      return;
    }
    res.status(error.status).set(error.headers).send(error.body);
  };
}
