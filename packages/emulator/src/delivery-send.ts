import { createSignatureHeader } from '@klarefi/sdk';
import { describeFetchError, EXCERPT_CHARS, receiverErrorCode } from './delivery-answer.js';
import type { AttemptResult } from './delivery-types.js';
import type { AttemptPlan } from './fault-registry.js';
import { alterBody } from './faults.js';
import { randomHex } from './ids.js';
import type { ResolvedEndpoint } from './resolve-options.js';
import type { DeliveryRecord } from './store.js';

/** What sending needs from the deliverer. */
export interface SendDeps {
  now: () => number;
  post: typeof fetch;
  webhookSecret: () => string;
  previousWebhookSecret: () => string;
  /** Aborted when the emulator closes. */
  closing: AbortSignal;
}

/** A secret no receiver has, for `signWith: 'wrong-secret'`; one per emulator run is enough. */
const WRONG_SECRET = `whsec_wrong_${randomHex(16)}`;

function secretFor(endpoint: ResolvedEndpoint, plan: AttemptPlan | undefined, deps: SendDeps): string {
  if (plan?.signWith === 'wrong-secret') return WRONG_SECRET;
  if (plan?.signWith === 'previous-secret') return endpoint.previousSecret ?? deps.previousWebhookSecret();
  return endpoint.secret ?? deps.webhookSecret();
}

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new Error('aborted'));
    signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}

/** Sends one signed copy of `d` to `endpoint` (over HTTP, or to its in-process handler). */
export async function sendOnce(
  d: DeliveryRecord,
  endpoint: ResolvedEndpoint,
  timeoutMs: number,
  plan: AttemptPlan | undefined,
  deps: SendDeps,
): Promise<AttemptResult> {
  const header = createSignatureHeader({
    payload: d.body,
    secrets: secretFor(endpoint, plan, deps),
    timestamp: Math.floor(deps.now() / 1000) + (plan?.skewSeconds ?? 0),
  });
  // One controller for both the receiver's deadline and close(); AbortSignal.any needs Node 20.3.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onClose = () => controller.abort();
  deps.closing.addEventListener('abort', onClose, { once: true });
  const init: RequestInit = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Klarefi-Emulator/1 (+webhooks)',
      'x-klarefi-signature': header,
    },
    body: plan?.body ? alterBody(d.body, plan.body) : d.body,
    redirect: 'manual',
    signal: controller.signal,
  };
  try {
    const { handler } = endpoint;
    const res = handler
      ? await Promise.race([handler(new Request(d.endpoint_url, init)), untilAborted(controller.signal)])
      : await deps.post(d.endpoint_url, init);
    const text = await res.text().catch(() => '');
    if (deps.closing.aborted) throw new Error('closed');
    return {
      status: res.status,
      excerpt: text.slice(0, EXCERPT_CHARS),
      error: null,
      injected: false,
      receiverCode: res.ok ? null : receiverErrorCode(text),
      responseHeaders: Object.fromEntries(res.headers),
      signatureHeader: header,
    };
  } catch (error) {
    if (deps.closing.aborted) throw error;
    const message = whyNoAnswer(endpoint, error, timedOut, timeoutMs);
    return { status: null, excerpt: '', error: message, injected: false, signatureHeader: header };
  } finally {
    clearTimeout(timer);
    deps.closing.removeEventListener('abort', onClose);
  }
}

function whyNoAnswer(
  endpoint: ResolvedEndpoint,
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
): string {
  if (endpoint.handler && !timedOut) return `handler threw: ${(error as Error)?.message ?? String(error)}`;
  return describeFetchError(error, timedOut, timeoutMs);
}
