import type { KlarefiClient } from '../client/index.js';
import type { KlarefiEvent } from '../types/events.js';
import { KlarefiWebhookSignatureError } from '../errors/signature.js';
import { eventName } from '../webhooks/event-name.js';
import { parseSignatureHeader } from '../webhooks/header.js';
import { claimDelivery, settleClaim } from './dedupe-flow.js';
import { KlarefiHttpError, type KlarefiHttpErrorCode, payloadTooLarge } from '../errors/http.js';
import type { KlarefiEventContext, KlarefiOptions } from './options.js';
import { withOutcomes } from './outcome.js';
import { webhookBody } from './raw-body.js';
import { type ResolvedOptions, resolveOptions } from './resolve.js';

/** Request headers: a Web `Headers` or Node's lower-cased header record. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/** A plain-data HTTP answer that an adapter writes back in its framework's way. */
export interface HandlerResponse {
  status: number;
  headers: Record<string, string>;
  /** `null` for a redirect. */
  body: string | null;
}

/** A webhook delivery as plain data. */
export interface WebhookInput<TRequest = unknown> {
  method: string;
  headers: HeaderSource;
  /**
   * The body exactly as received (bytes or text), or `undefined` when the framework has none.
   * The core decides the rest: without a declared body (`content-length` 0 or absent, no
   * `transfer-encoding`) anything else is zero bytes; with one, a 500 `raw_body_unavailable`.
   */
  rawBody: unknown;
  /** Set by an adapter whose body reader stopped at `maxBodyBytes`. */
  bodyTooLarge?: boolean;
  /**
   * How to fix a missing raw body in this framework; replaces the generic explanation of the
   * `raw_body_unavailable` answer.
   */
  rawBodyHelp?: string;
  /** The framework's request, handed to event handlers. */
  request: TRequest;
}

/** A start-claim request as plain data. */
export interface StartClaimInput<TRequest = unknown> {
  method: string;
  /** The framework's request, handed to the `session()` hook. */
  request: TRequest;
}

/** What every adapter wraps: validated options and the two transport-neutral handlers. */
export interface KlarefiCore<TRequest = unknown> {
  /** The API client, when `client` or `apiKey` was given. */
  readonly client: KlarefiClient | null;
  /** The start-claim path, or `null` when `startClaim: false`. */
  readonly startClaimPath: string | null;
  readonly webhookPath: string;
  readonly maxBodyBytes: number;
  /** Answers `GET {startClaim.path}`: a redirect, or throws a {@link KlarefiHttpError}. */
  handleStartClaim(input: StartClaimInput<TRequest>): Promise<HandlerResponse>;
  /** Answers `POST {webhook.path}`: 200, or throws a {@link KlarefiHttpError}. */
  handleWebhook(input: WebhookInput<TRequest>): Promise<HandlerResponse>;
}

/** Verifies and parses; the Node entry passes `node:crypto`, the Web entry Web Crypto. */
export type Verifier = (
  body: string | Uint8Array,
  header: unknown,
  secrets: string[],
  toleranceSeconds: number,
  now: () => number,
) => KlarefiEvent | Promise<KlarefiEvent>;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const RECEIVED = JSON.stringify({ received: true });
const DUPLICATE = JSON.stringify({ received: true, duplicate: true });
const isDuplicate = (result: HandlerResponse) => result.body === DUPLICATE;
const SIGNATURE_STATUS = {
  missing_header: 400,
  malformed_header: 400,
  timestamp_outside_tolerance: 401,
  no_matching_signature: 401,
  invalid_json: 400,
} as const;

export function getHeader(headers: HeaderSource, name: string): string | string[] | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  return (headers as Record<string, string | string[] | undefined>)[name];
}

function methodNotAllowed(allow: string): KlarefiHttpError {
  return new KlarefiHttpError(405, 'method_not_allowed', `This Klarefi route accepts ${allow} only.`, {
    headers: { allow },
  });
}

function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? new TextEncoder().encode(body).length : body.byteLength;
}

function dedupeKeyOf(event: KlarefiEvent, header: unknown): { key: string; deliveryId: string | null } {
  const deliveryId = (event as { delivery_id?: unknown }).delivery_id;
  if (typeof deliveryId === 'string' && deliveryId !== '') return { key: deliveryId, deliveryId };
  // The legacy body has no delivery id: a retry is signed afresh, so this only stops exact replays.
  const parsed = parseSignatureHeader(header);
  return { key: `sig:${parsed.timestampText}:${[...parsed.signatures].sort().join(':')}`, deliveryId: null };
}

/** Builds the core once: options are validated here, never per request. */
export function createCore<TRequest>(
  options: KlarefiOptions<TRequest>,
  verify: Verifier,
): KlarefiCore<TRequest> {
  const o: ResolvedOptions<TRequest> = resolveOptions(options);
  const { webhook, startClaim, client } = o;

  async function dispatch(event: KlarefiEvent, context: KlarefiEventContext<TRequest>): Promise<void> {
    const handler = o.on[context.name];
    if (handler) await handler(event, context);
    if (o.onEvent) await o.onEvent(event, context);
  }

  async function verified(input: WebhookInput<TRequest>): Promise<KlarefiEvent> {
    if (input.method.toUpperCase() !== 'POST') throw methodNotAllowed('POST');
    const declared = Number(getHeader(input.headers, 'content-length'));
    if (input.bodyTooLarge || declared > webhook.maxBodyBytes) throw payloadTooLarge(webhook.maxBodyBytes);
    const body = webhookBody(input);
    if (byteLength(body) > webhook.maxBodyBytes) throw payloadTooLarge(webhook.maxBodyBytes);
    try {
      const header = getHeader(input.headers, 'x-klarefi-signature');
      return await verify(body, header, o.secrets, webhook.toleranceSeconds, webhook.now);
    } catch (cause) {
      if (!(cause instanceof KlarefiWebhookSignatureError)) throw cause;
      // webhookBody() checked the body, so the verifier refuses only the header, HMAC or JSON.
      const status = SIGNATURE_STATUS[cause.code as keyof typeof SIGNATURE_STATUS];
      throw new KlarefiHttpError(status, cause.code as KlarefiHttpErrorCode, cause.message, { cause });
    }
  }

  return {
    client,
    startClaimPath: startClaim?.path ?? null,
    webhookPath: webhook.path,
    maxBodyBytes: webhook.maxBodyBytes,

    async handleStartClaim({ method, request }) {
      if (!startClaim || !client)
        throw new KlarefiHttpError(404, 'not_found', 'No start-claim route is configured.');
      if (method.toUpperCase() !== 'GET') throw methodNotAllowed('GET');
      const extra = startClaim.session ? await startClaim.session(request) : undefined;
      if (extra !== undefined && (typeof extra !== 'object' || extra === null)) {
        throw new TypeError(
          'startClaim.session() must return an object of session parameters (or undefined).',
        );
      }
      const params = {
        case_type_id: startClaim.caseTypeId,
        ...(startClaim.ttlHours !== undefined && { ttl_hours: startClaim.ttlHours }),
        ...(startClaim.locale !== undefined && { locale: startClaim.locale }),
        ...extra,
      };
      let location: unknown;
      try {
        location = (await client.createSession(params)).signed_url;
      } catch (cause) {
        const requestId = (cause as { requestId?: unknown }).requestId;
        const ref = typeof requestId === 'string' ? ` (Klarefi request ${requestId})` : '';
        throw new KlarefiHttpError(
          502,
          'session_create_failed',
          `Could not start the claim: Klarefi did not create a session${ref}. Try again in a moment.`,
          { cause },
        );
      }
      if (typeof location !== 'string' || !/^https?:\/\//.test(location)) {
        throw new KlarefiHttpError(
          502,
          'session_create_failed',
          'Could not start the claim: Klarefi answered without a usable signed_url.',
        );
      }
      return {
        status: startClaim.redirectStatus,
        headers: { location, 'cache-control': 'no-store' },
        body: null,
      };
    },

    handleWebhook: withOutcomes(webhook.onOutcome, isDuplicate, async (input, facts) => {
      const event = await verified(input);
      const name = eventName(event);
      facts.eventName = name ?? null;
      if (name === undefined) {
        throw new KlarefiHttpError(
          400,
          'invalid_event',
          'The verified payload has no event_type (or event, for the legacy body shape).',
        );
      }
      const { key, deliveryId } = dedupeKeyOf(event, getHeader(input.headers, 'x-klarefi-signature'));
      facts.deliveryId = deliveryId;
      const store = webhook.dedupe;
      let token: string | undefined;
      if (store) {
        const { state, token: claimed } = await claimDelivery(store, key, webhook.claimTtlSeconds * 1000);
        if (state === 'done') return { status: 200, headers: JSON_HEADERS, body: DUPLICATE };
        if (state === 'processing') {
          throw new KlarefiHttpError(
            409,
            'delivery_in_progress',
            'This delivery is being processed by another request; retry later.',
            {
              headers: { 'retry-after': '5' },
            },
          );
        }
        token = claimed;
      }
      try {
        await dispatch(event, { name, deliveryId, dedupeKey: key, client, request: input.request });
      } catch (cause) {
        if (store && token) await settleClaim(() => store.release(key, token));
        throw new KlarefiHttpError(
          500,
          'handler_failed',
          `The handler for "${name}" failed; the delivery will be retried.`,
          { cause },
        );
      }
      if (store && token)
        await settleClaim(() => store.complete(key, token, webhook.dedupeTtlSeconds * 1000));
      return { status: 200, headers: JSON_HEADERS, body: RECEIVED };
    }),
  };
}
