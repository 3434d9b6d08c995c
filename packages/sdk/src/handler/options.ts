import type { CaseTypeDefinition, ClaimReader } from '../claims/index.js';
import type { KlarefiClient } from '../client/index.js';
import type { CreateSessionParams } from '../client/index.js';
import type { EventFor, KlarefiEvent, KnownEventName } from '../types/events.js';
import type { DedupeStore } from '../webhooks/dedupe.js';
import type { WebhookInbox } from './inbox.js';
import type { WebhookOutcomeHandler } from './outcome.js';

/** What an event handler receives beside the event. */
export interface KlarefiEventContext<TRequest = unknown, TTx = never> {
  /** The event's semantic name, e.g. `"case.completed"`. */
  name: string;
  /** The envelope's `delivery_id` (`null` for the legacy body, which has none). */
  deliveryId: string | null;
  /** The key the delivery was deduplicated on. */
  dedupeKey: string;
  /** The API client, when one was configured (`client` or `apiKey`). */
  client: KlarefiClient | null;
  /** The framework's own request object. */
  request: TRequest;
  /**
   * With `webhook.inbox`: the open transaction the delivery is recorded in, typed to the client
   * the inbox was built on. Write the handler's effects through it: they commit with the
   * delivery, or not at all. `undefined` without an inbox.
   */
  tx: [TTx] extends [never] ? undefined : TTx;
  /**
   * The case's values, typed by your case types (`npx klarefi types`) and checked against the
   * `caseTypes` option; reads the case only for what the body lacks, once per delivery.
   */
  claim: ClaimReader;
}

/** A handler for one event. Throwing makes the delivery answer 500, so Klarefi retries it. */
export type KlarefiEventHandler<TEvent = KlarefiEvent, TRequest = unknown, TTx = never> = (
  event: TEvent,
  context: KlarefiEventContext<TRequest, TTx>,
) => unknown;

/**
 * Handlers keyed by semantic event name. `'case.completed'` receives both the
 * `v1.case.completed` envelope and the legacy `case.completed` body.
 */
export type KlarefiEventHandlers<TRequest = unknown, TTx = never> = {
  [N in KnownEventName]?: KlarefiEventHandler<EventFor<N>, TRequest, TTx>;
} & { [name: string]: KlarefiEventHandler<any, TRequest, TTx> | undefined };

/** The session parameters a `startClaim.session()` hook may return. */
export type StartClaimSessionParams = Partial<CreateSessionParams>;

/** The `/start-claim` redirect route. */
export interface StartClaimOptions<TRequest = unknown> {
  /**
   * The route's path, relative to where the adapter is mounted.
   * @default "/start-claim"
   */
  path?: string;
  /** The case type every session is created with, e.g. `"motor_claim"`. Required. */
  caseTypeId: string;
  /**
   * How long the claimant's link stays valid, in hours.
   * @default the API's default (168)
   */
  ttlHours?: number;
  /**
   * The hosted form's language, a BCP 47 tag such as `"nl"`.
   * @default the API's default
   */
  locale?: string;
  /**
   * The redirect status: 303 See Other, or 302 for old clients.
   * @default 303
   */
  redirectStatus?: 302 | 303;
  /**
   * The most time creating the session may take, retries included, in milliseconds. Past it the
   * claimant gets the 502 page at once; a request the claimant abandoned stops its retries too.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * Server-side hook that returns the rest of the session parameters from the request:
   * `return_url`, external ids, `trace_id`, an `idempotency_key`. Nothing in the query string
   * chooses them unless this hook reads it. A throw is passed on to your framework untouched.
   * @default none
   */
  session?: (
    request: TRequest,
  ) => StartClaimSessionParams | undefined | Promise<StartClaimSessionParams | undefined>;
}

/** The verified webhook route. */
export interface WebhookOptions<TRequest = unknown, TTx = never> {
  /**
   * The route's path, relative to where the adapter is mounted.
   * @default "/webhooks/klarefi"
   */
  path?: string;
  /**
   * How far the signed timestamp may lie from now, either side, in seconds.
   * @default 300
   */
  toleranceSeconds?: number;
  /**
   * Where processed `delivery_id`s are remembered; `false` turns deduplication off.
   * Use a shared store when several processes receive webhooks.
   * @default a `MemoryDedupeStore` per handler
   */
  dedupe?: DedupeStore | false;
  /**
   * A transactional inbox (`postgresInbox({ pool })` from `@klarefi/postgres`): the delivery is
   * recorded in the same transaction as the handlers' writes (`context.tx`), so the effect
   * happens exactly once, even through a crash. Replaces `dedupe`; give one or the other.
   * @default none
   */
  inbox?: WebhookInbox<TTx>;
  /**
   * How long a processed delivery id is remembered, in seconds.
   * @default 86400
   */
  dedupeTtlSeconds?: number;
  /**
   * How long a delivery's claim lasts while its handler runs, in seconds. If the instance dies
   * mid-handler, the claim lapses after this and the service's retry is processed; until then
   * copies answer 409. Keep it longer than your slowest handler.
   * @default 60
   */
  claimTtlSeconds?: number;
  /**
   * The largest body accepted, in bytes; larger deliveries answer 413.
   * @default 1048576
   */
  maxBodyBytes?: number;
  /**
   * Receives every webhook decision once, as data: `{ outcome, code, status, deliveryId,
   * eventName, durationMs }` and the framework's request. Never a secret, a header or the body.
   * `logWebhookOutcomes(logger)` builds one for pino or `console`; `@klarefi/opentelemetry`
   * turns outcomes into spans and metrics.
   * @default Fastify and NestJS log to the framework's logger; the other adapters stay silent
   */
  onOutcome?: WebhookOutcomeHandler<TRequest>;
  /**
   * The clock, in milliseconds since the epoch. For tests.
   * @default Date.now
   */
  now?: () => number;
}

/**
 * The options every Klarefi adapter shares. `apiKey`, `baseUrl` and `webhookSecret` fall back to
 * `KLAREFI_API_KEY`, `KLAREFI_API_BASE_URL` and `KLAREFI_WEBHOOK_SECRET` where the runtime has a
 * `process.env`.
 */
export interface KlarefiOptions<TRequest = unknown, TTx = never> {
  /**
   * A configured client. Give this or `apiKey`.
   * @default none
   */
  client?: KlarefiClient;
  /**
   * An API key (`sk_test_...` or `sk_live_...`); a client is built from it. Give this or `client`.
   * @default process.env.KLAREFI_API_KEY
   */
  apiKey?: string;
  /**
   * The API's base URL, with `apiKey`. Point it at `klarefi dev` for local work.
   * @default process.env.KLAREFI_API_BASE_URL, else "https://api.klarefi.com"
   */
  baseUrl?: string;
  /**
   * The endpoint's signing secret (`whsec_...`), or several while rotating.
   * @default process.env.KLAREFI_WEBHOOK_SECRET (one of the two is required)
   */
  webhookSecret?: string | readonly string[];
  /** The `/start-claim` redirect route, or `false` for none. Required: say which. */
  startClaim: StartClaimOptions<TRequest> | false;
  /**
   * The webhook route.
   * @default { path: "/webhooks/klarefi", toleranceSeconds: 300, maxBodyBytes: 1048576 }
   */
  webhook?: WebhookOptions<TRequest, TTx>;
  /**
   * Handlers keyed by event name, typed per event.
   * @default {}
   */
  on?: KlarefiEventHandlers<TRequest, TTx>;
  /**
   * A catch-all that runs for every event, after its `on` handler; unknown event types reach it.
   * @default none
   */
  onEvent?: KlarefiEventHandler<KlarefiEvent, TRequest, TTx>;
  /**
   * Your case types (`config.caseTypes` from `klarefi.config`): `claim()` checks values against
   * them and throws `KlarefiClaimError` naming every mismatch.
   * @default none: `claim()` picks the kept values without checking them
   */
  caseTypes?: readonly CaseTypeDefinition[];
}
