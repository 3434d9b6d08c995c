import { KlarefiWebhookSignatureError } from '../errors/signature.js';
import { isKlarefiUnavailableError } from '../errors/unavailable.js';
import type { KlarefiEvent } from '../types/events.js';
import { eventName } from '../webhooks/event-name.js';
import type { Verified } from '../webhooks/parse-event.js';
import { checkRawBody } from '../webhooks/raw-body.js';
import {
  JSON_CONTENT_TYPE,
  type KlarefiAnswer,
  type KlarefiRefusalCode,
  methodNotAllowed,
  payloadTooLarge,
  refuse,
} from './answer.js';
import { BODY_TOO_LARGE, type BodyRead } from './body.js';
import { claimDelivery, settleClaim } from './dedupe-flow.js';
import type { KlarefiDispatcher } from './dispatch.js';
import { type Decision, reportOutcome } from './outcome.js';
import type { ResolvedOptions } from './resolve.js';
import { withinTimeBudget } from './time-budget.js';

/** A header's value as frameworks hand it over. */
export type HeaderValue = string | readonly string[] | null | undefined;

/** What the core pulls from a webhook request: an adapter's whole side of the seam. */
export interface WebhookRequest<TRequest = unknown> {
  method: string;
  /** A request header by its lower-case name. */
  header(name: string): HeaderValue;
  /**
   * Reads the raw body, stopping at `limitBytes` (see {@link BodyRead}). Called once, after the
   * method and the declared length were checked.
   */
  readBody(limitBytes: number): Promise<BodyRead>;
  /** The framework's request, handed to event handlers and `onOutcome`. */
  request: TRequest;
  /**
   * How to fix a missing raw body in this framework: the message of `500 raw_body_unavailable`.
   * @default the core's general explanation
   */
  rawBodyHelp?: string;
  /**
   * A function platform's time left, in milliseconds (Lambda's `getRemainingTimeInMillis`): it
   * bounds the claim TTL and every dedupe store call (see `withinTimeBudget`).
   * @default no bound
   */
  remainingTimeMs?: () => number;
}

/** Verifies and parses; the Node entries pass `node:crypto`, the Web entries Web Crypto. */
export type Verifier = (
  body: string | Uint8Array,
  header: unknown,
  secrets: string[],
  toleranceSeconds: number,
  now: () => number,
) => Verified | Promise<Verified>;

const RECEIVED = JSON.stringify({ received: true });
const DUPLICATE = JSON.stringify({ received: true, duplicate: true });
const EMPTY = new Uint8Array(0);

function declaresBody(req: WebhookRequest<unknown>): boolean {
  return req.header('transfer-encoding') != null || Number(req.header('content-length')) > 0;
}

function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? new TextEncoder().encode(body).length : body.byteLength;
}

/**
 * The dedupe key: the envelope's `delivery_id`; for the legacy body, which has none, the signed
 * timestamp and the HMAC our own secret produced, so a `v1` appended by anyone makes no new key.
 */
function dedupeKeyOf(event: KlarefiEvent, verified: Verified): { key: string; deliveryId: string | null } {
  const deliveryId = (event as { delivery_id?: unknown }).delivery_id;
  if (typeof deliveryId === 'string' && deliveryId !== '') return { key: deliveryId, deliveryId };
  return { key: `sig:${verified.timestamp}:${verified.signature}`, deliveryId: null };
}

type Step<T> = { answer: KlarefiAnswer; decision: Decision } | { value: T };

function refusal(code: KlarefiRefusalCode, message?: string): { answer: KlarefiAnswer; decision: Decision } {
  const answer = refuse(code, message);
  return { answer, decision: { code, status: answer.status } };
}

// Module-level rather than closures in the hot path: every delivery would build them anew.
function tooLarge(maxBodyBytes: number): { answer: KlarefiAnswer; decision: Decision } {
  return { answer: payloadTooLarge(maxBodyBytes), decision: { code: 'payload_too_large', status: 413 } };
}

function handlerFailed(name: string, cause: unknown): { answer: KlarefiAnswer; decision: Decision } {
  if (isKlarefiUnavailableError(cause)) {
    const answer = refuse('queue_unavailable', undefined, { retryAfterSeconds: cause.retryAfterSeconds });
    return { answer, decision: { code: 'queue_unavailable', status: 503, cause } };
  }
  const answer = refuse('handler_failed', `The handler for "${name}" failed; the delivery will be retried.`);
  return { answer, decision: { code: 'handler_failed', status: 500, cause } };
}

function ok(duplicate: boolean): { answer: KlarefiAnswer; decision: Decision } {
  return {
    answer: {
      status: 200,
      // A literal, not a spread: a fresh object per answer (adapters may add to it), built cheaply.
      headers: { 'content-type': JSON_CONTENT_TYPE },
      body: duplicate ? DUPLICATE : RECEIVED,
      outcome: null,
    },
    decision: { code: null, status: 200, duplicate },
  };
}

/**
 * The webhook route: pulls what it needs from the request and always resolves with one answer,
 * its outcome reported once. Checks run in the documented order; the handlers run only when all
 * pass.
 */
export function createWebhookHandler<TRequest, TTx>(
  o: ResolvedOptions<TRequest, TTx>,
  verify: Verifier,
  dispatch: KlarefiDispatcher<TRequest, TTx>,
): (req: WebhookRequest<TRequest>) => Promise<KlarefiAnswer> {
  const { webhook, client } = o;

  async function readVerified(req: WebhookRequest<TRequest>): Promise<Step<Verified>> {
    if (req.method.toUpperCase() !== 'POST') {
      const answer = methodNotAllowed('POST');
      return { answer, decision: { code: 'method_not_allowed', status: 405 } };
    }
    if (Number(req.header('content-length')) > webhook.maxBodyBytes) return tooLarge(webhook.maxBodyBytes);
    const read = await req.readBody(webhook.maxBodyBytes);
    if (read === BODY_TOO_LARGE) return tooLarge(webhook.maxBodyBytes);
    let body: string | Uint8Array;
    try {
      body = checkRawBody(read);
    } catch (cause) {
      // An unsigned request is refused as unsigned (400) before the app's set-up is blamed (500).
      const unsigned = req.header('x-klarefi-signature') == null;
      if (declaresBody(req) && !unsigned) {
        return refusal('raw_body_unavailable', req.rawBodyHelp ?? (cause as Error).message);
      }
      body = EMPTY;
    }
    if (byteLength(body) > webhook.maxBodyBytes) return tooLarge(webhook.maxBodyBytes);
    try {
      return {
        value: await verify(
          body,
          req.header('x-klarefi-signature'),
          o.secrets,
          webhook.toleranceSeconds,
          webhook.now,
        ),
      };
    } catch (cause) {
      if (!(cause instanceof KlarefiWebhookSignatureError)) throw cause;
      return refusal(cause.code as KlarefiRefusalCode, cause.message);
    }
  }

  async function decide(
    req: WebhookRequest<TRequest>,
    facts: { eventName: string | null; deliveryId: string | null },
  ) {
    const step = await readVerified(req);
    if ('answer' in step) return step;
    const { event } = step.value;
    const name = eventName(event);
    if (name === undefined) return refusal('invalid_event');
    facts.eventName = name;
    const { key, deliveryId } = dedupeKeyOf(event, step.value);
    facts.deliveryId = deliveryId;
    const request = req.request;

    if (webhook.inbox) {
      let threw: { error: unknown } | undefined;
      let state: string;
      try {
        state = await webhook.inbox.process(key, async (tx) => {
          try {
            await dispatch(event, { deliveryId, dedupeKey: key, client, request, tx } as never);
          } catch (error) {
            threw = { error };
            throw error;
          }
        });
      } catch (error) {
        if (threw && error === threw.error) return handlerFailed(name, error);
        return refusal('dedupe_unavailable');
      }
      if (state === 'duplicate') return ok(true);
      if (state === 'in_progress') return refusal('delivery_in_progress');
      if (state === 'processed') return ok(false);
      return refusal('dedupe_unavailable');
    }

    const store = withinTimeBudget(webhook.dedupe, req.remainingTimeMs);
    let token: string | undefined;
    if (store) {
      const claim = await claimDelivery(store, key, webhook.claimTtlSeconds * 1000);
      if (claim.state === 'unavailable') {
        const answer = refuse('dedupe_unavailable');
        return {
          answer,
          decision: { code: 'dedupe_unavailable', status: 503, cause: claim.cause } as Decision,
        };
      }
      if (claim.state === 'done') return ok(true);
      if (claim.state === 'processing') return refusal('delivery_in_progress');
      token = claim.token;
    }
    try {
      await dispatch(event, { deliveryId, dedupeKey: key, client, request, tx: undefined } as never);
    } catch (cause) {
      if (store && token) await settleClaim(() => store.release(key, token));
      return handlerFailed(name, cause);
    }
    if (store && token) await settleClaim(() => store.complete(key, token, webhook.dedupeTtlSeconds * 1000));
    return ok(false);
  }

  return async function handleWebhook(req) {
    const started = performance.now();
    const facts = { eventName: null as string | null, deliveryId: null as string | null };
    let step: { answer: KlarefiAnswer; decision: Decision };
    try {
      step = await decide(req, facts);
    } catch (cause) {
      // A reader or verifier that failed unexpectedly: the delivery was not processed, so 500 retries it.
      step = refusal('handler_failed', 'The delivery could not be read; it will be retried.');
      step.decision.cause = cause;
    }
    step.answer.outcome = reportOutcome(webhook.onOutcome, step.decision, facts, started, req.request);
    return step.answer;
  };
}
