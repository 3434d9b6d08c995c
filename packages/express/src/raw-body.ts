import type { Request } from 'express';

/**
 * A `verify` function for `express.json()` (and `express.urlencoded()`, `express.text()`) that
 * keeps the exact bytes of every parsed body as `req.rawBody`, so `klarefiRouter` can verify the
 * webhook signature even though a global parser read the request first.
 * @example
 * app.use(express.json({ verify: rawBodySaver }));
 * app.use(klarefiRouter({ ... }));
 */
export function rawBodySaver(req: unknown, _res: unknown, buf: Buffer): void {
  (req as { rawBody?: Buffer }).rawBody = buf;
}

/**
 * The webhook body as Express holds it: what the router's own `express.raw()` read, else what
 * the app kept (`req.rawBody`, from `rawBodySaver` or NestJS `rawBody: true`), else whatever a
 * global parser left in `req.body`. The core decides what an empty, missing or parsed body means.
 */
export function rawBodyOf(req: Request): unknown {
  if (req.body instanceof Uint8Array) return req.body;
  return (req as { rawBody?: unknown }).rawBody ?? req.body;
}

/** The fix for a missing raw body, in Express terms: the core's `raw_body_unavailable` message. */
export const EXPRESS_RAW_BODY_HELP =
  'A body parser (such as a global express.json()) read this webhook before klarefiRouter, so the exact bytes the signature covers are gone. ' +
  'Mount app.use(klarefiRouter(...)) before app.use(express.json()), or keep the bytes with ' +
  "app.use(express.json({ verify: rawBodySaver })) (import { rawBodySaver } from '@klarefi/express').";
