import type { KlarefiClient, KlarefiOptions } from '@klarefi/sdk';
import type { Request } from 'express';

/**
 * The options of {@link klarefiRouter}: the options every Klarefi adapter shares, with Express's
 * `Request` as the request that `startClaim.session()` and event handlers receive.
 */
export type KlarefiExpressOptions<TTx = never> = KlarefiOptions<Request, TTx>;

declare global {
  // Express's own way of letting middleware type what it puts on the request.
  namespace Express {
    interface Request {
      /**
       * The Klarefi API client, set by `klarefiRouter` on every request that passes through it
       * (`null` when neither `client` nor `apiKey` was given). `undefined` in handlers that run
       * before the router or outside its mount path.
       */
      klarefi?: KlarefiClient | null;
    }
  }
}
