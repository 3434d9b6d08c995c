import type { KlarefiClient } from '../client/index.js';
import type { KlarefiAnswer } from './answer.js';
import { createDispatcher } from './dispatch.js';
import type { KlarefiOptions } from './options.js';
import { resolveOptions } from './resolve.js';
import { createRouteMatcher, type RouteMatch } from './route-match.js';
import { createStartClaimHandler, type StartClaimRequest } from './start-claim.js';
import { createWebhookHandler, type Verifier, type WebhookRequest } from './webhook.js';

/** Which of the core's routes a path is. */
export type KlarefiRoute = 'start-claim' | 'webhook';

/** What every adapter wraps: validated options and the two routes, each answering once. */
export interface KlarefiCore<TRequest = unknown> {
  /** The API client, when `client`, `apiKey` or `KLAREFI_API_KEY` gave one. */
  readonly client: KlarefiClient | null;
  /** The start-claim path, or `null` when `startClaim: false`. */
  readonly startClaimPath: string | null;
  readonly webhookPath: string;
  readonly maxBodyBytes: number;
  /**
   * The route a path names: exactly, or (with `suffix`) at its end, for a catch-all route that
   * sees the whole URL path; with `mount`, below the framework's mount pattern. `null` for any
   * other path.
   * @throws {KlarefiConfigError} when `mount` is a pattern whose depth is not fixed.
   */
  routeOf(path: string, match?: RouteMatch): KlarefiRoute | null;
  /**
   * Answers `GET {startClaim.path}`: a redirect, or the 502 (HTML for a browser, JSON otherwise).
   * Rejects only with the integrator's own `session()` hook error.
   */
  handleStartClaim(req: StartClaimRequest<TRequest>): Promise<KlarefiAnswer>;
  /** Answers `POST {webhook.path}`. Never rejects: every refusal is an answer. */
  handleWebhook(req: WebhookRequest<TRequest>): Promise<KlarefiAnswer>;
}

/** Builds the core once: options are validated here, never per request. */
export function createCore<TRequest, TTx>(
  options: KlarefiOptions<TRequest, TTx>,
  verify: Verifier,
): KlarefiCore<TRequest> {
  const o = resolveOptions(options);
  const dispatch = createDispatcher<TRequest, TTx>({
    on: options.on,
    onEvent: options.onEvent,
    caseTypes: options.caseTypes,
  });
  const startClaimPath = o.startClaim?.path ?? null;
  const webhookPath = o.webhook.path;
  const matches = createRouteMatcher();
  return {
    client: o.client,
    startClaimPath,
    webhookPath,
    maxBodyBytes: o.webhook.maxBodyBytes,
    routeOf(path, match) {
      if (matches(path, webhookPath, match)) return 'webhook';
      if (startClaimPath !== null && matches(path, startClaimPath, match)) return 'start-claim';
      return null;
    },
    handleStartClaim: createStartClaimHandler(o as never),
    handleWebhook: createWebhookHandler(o, verify, dispatch),
  };
}
