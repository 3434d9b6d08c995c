import type { KlarefiOptions } from '@klarefi/sdk';
import {
  ANSWER_RESERVE_MS,
  BODY_TOO_LARGE,
  createKlarefiCore,
  type KlarefiAnswer,
  notFound,
} from '@klarefi/sdk/adapter';
import {
  checkShapeOption,
  type LambdaEventShape,
  type LambdaHttpEvent,
  type LambdaHttpResult,
  resultOf,
  viewOf,
} from './events.js';

/**
 * The integrator's own `startClaim.session()` error, answered as Powertools' API Gateway event
 * handler answers an unhandled error: logged to CloudWatch, `500` to the claimant. Thrown on, it
 * would be a failed invocation that the invoker shows as its own 502, which reads like Klarefi's.
 */
function hookFailed(error: unknown): KlarefiAnswer {
  console.error('klarefiLambda: the startClaim.session() hook failed', error);
  return {
    status: 500,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ statusCode: 500, message: 'Internal Server Error' }),
    outcome: null,
  };
}

/** The part of the Lambda `Context` this package reads. `@types/aws-lambda`'s `Context` fits. */
export interface LambdaContextLike {
  /** The time left before Lambda stops this invocation, in milliseconds. */
  getRemainingTimeInMillis(): number;
  /** The invocation's id, for your logs. */
  readonly awsRequestId?: string;
}

/** What event handlers and `startClaim.session()` receive: the invocation's event and context. */
export interface KlarefiLambdaRequest<TContext extends LambdaContextLike = LambdaContextLike> {
  event: LambdaHttpEvent;
  context: TContext;
  /**
   * A request header by name, in any case and from any event shape (REST events keep the names as
   * sent, HTTP API events lower-case them); repeated headers as a list.
   */
  header(name: string): string | string[] | undefined;
}

/** The shared Klarefi options, plus which invoker calls the function. */
export interface KlarefiLambdaOptions<TTx = never> extends KlarefiOptions<KlarefiLambdaRequest, TTx> {
  /**
   * The invoker whose events the function receives: `"rest"` (API Gateway REST, or HTTP API with
   * payload format 1.0), `"http"` (HTTP API, payload 2.0), `"function-url"` or `"alb"`. With
   * `"auto"` each event's own shape decides; an explicit shape refuses the others, so a function
   * wired to the wrong trigger fails loudly.
   * @default "auto"
   */
  eventShape?: 'auto' | LambdaEventShape;
}

/** An `async (event, context) => result` Lambda handler. */
export type KlarefiLambdaHandler = (
  event: LambdaHttpEvent,
  context: LambdaContextLike,
) => Promise<LambdaHttpResult>;

/**
 * A Lambda handler serving `GET {startClaim.path}` (a redirect to the hosted form) and
 * `POST {webhook.path}` (verified on the decoded bytes, deduplicated, dispatched to `on` /
 * `onEvent`), matched at the end of the path so a stage or base path in front is fine; any other
 * path answers 404. Call it at module scope: options are validated and the client and store
 * built once per container, not per invocation.
 *
 * The function's remaining time bounds the dedupe claim's TTL and every store call: a call that
 * would outlive the function answers `503 dedupe_unavailable`, and the service retries.
 *
 * @throws {KlarefiConfigError} when the options cannot work (at import), and from the handler for
 *   an event that is not an HTTP request of the configured shape (a mis-wired trigger).
 * @example
 * export const handler = klarefiLambda({ startClaim: { caseTypeId: 'motor_claim' }, on: { 'case.completed': save } });
 */
export function klarefiLambda<TTx = never>(options: KlarefiLambdaOptions<TTx>): KlarefiLambdaHandler {
  const { eventShape, ...shared } = options ?? ({} as KlarefiLambdaOptions<TTx>);
  const expected = checkShapeOption(eventShape);
  const core = createKlarefiCore<KlarefiLambdaRequest, TTx>(shared);

  return async function klarefiLambdaHandler(event, context) {
    const view = viewOf(event, expected);
    const request: KlarefiLambdaRequest = {
      event,
      context,
      header: (name) => view.header(name.toLowerCase()),
    };
    const remainingTimeMs =
      typeof context?.getRemainingTimeInMillis === 'function'
        ? () => context.getRemainingTimeInMillis()
        : undefined;
    let answer: KlarefiAnswer;
    const route = core.routeOf(view.path, { suffix: true });
    if (route === 'webhook') {
      answer = await core.handleWebhook({
        method: view.method,
        header: view.header,
        readBody: async (limit) => {
          const bytes = view.body();
          return bytes.byteLength > limit ? BODY_TOO_LARGE : bytes;
        },
        request,
        remainingTimeMs,
      });
    } else if (route === 'start-claim') {
      // Give up on the session in time to answer the 502 page, not a gateway timeout.
      const left = remainingTimeMs?.();
      try {
        answer = await core.handleStartClaim({
          method: view.method,
          header: view.header,
          request,
          signal:
            left === undefined || !Number.isFinite(left)
              ? undefined
              : AbortSignal.timeout(Math.max(1, left - ANSWER_RESERVE_MS)),
        });
      } catch (error) {
        answer = hookFailed(error);
      }
    } else {
      answer = notFound(core);
    }
    return resultOf(answer, view);
  };
}
