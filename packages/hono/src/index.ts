/**
 * @module
 * Klarefi for Hono: middleware that answers `GET /start-claim` and the verified webhook route,
 * on Node, Bun, Deno and Cloudflare Workers.
 */
export { klarefi, type KlarefiHonoOptions, type KlarefiVariables } from './middleware.js';
export { KlarefiClient } from '@klarefi/sdk';
export type {
  KlarefiEvent,
  KlarefiEventContext,
  KlarefiOptions,
} from '@klarefi/sdk';
