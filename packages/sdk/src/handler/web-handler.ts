import { type KlarefiAnswer, refuse } from './answer.js';
import { type BodyRead, readWebBody } from './body.js';
import type { KlarefiCore } from './core.js';

/** Writes a core answer as a Web `Response`. */
export function toWebResponse(answer: Pick<KlarefiAnswer, 'status' | 'headers' | 'body'>): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/** A Web `Request` an adapter hands to {@link answerWebRequest}. */
export interface WebRequestInput<TRequest> {
  request: Request;
  /** The request's path relative to where the routes are mounted. */
  path: string;
  /** What event handlers and `startClaim.session()` receive: the framework's request or context. */
  context: TRequest;
  /**
   * Reads the raw body of a webhook delivery, up to the limit.
   * @default the request's own stream, read with `readWebBody`
   */
  readBody?: (limitBytes: number) => Promise<BodyRead>;
  /**
   * The framework's fix for a missing raw body.
   * @default the core's general raw-body explanation
   */
  rawBodyHelp?: string;
  /**
   * Where a failed start-claim's one line goes.
   * @default console.error
   */
  log?: (line: string) => void;
}

/**
 * Answers a Web `Request` for the start-claim or webhook path, or `null` for any other path (so a
 * framework can pass it on). Rejects only with a `startClaim.session()` hook's own error.
 */
export function answerWebRequest<TRequest>(
  core: KlarefiCore<TRequest>,
  input: WebRequestInput<TRequest>,
  route = core.routeOf(input.path),
): Promise<KlarefiAnswer> | null {
  const { request, context } = input;
  if (route === 'webhook') {
    return core.handleWebhook({
      method: request.method,
      header(name) {
        return request.headers.get(name);
      },
      readBody: input.readBody ?? ((limit) => readWebBody(request, limit)),
      request: context,
      rawBodyHelp: input.rawBodyHelp,
    });
  }
  if (route === 'start-claim') {
    return core.handleStartClaim({
      method: request.method,
      header(name) {
        return request.headers.get(name);
      },
      request: context,
      signal: request.signal,
      log: input.log,
    });
  }
  return null;
}

/** The 404 of a handler that serves only Klarefi's paths, naming them. */
export function notFound(core: KlarefiCore<unknown>): KlarefiAnswer {
  const served = [core.startClaimPath, core.webhookPath].filter((p): p is string => p !== null);
  return refuse('not_found', `No Klarefi route at this path; this handler serves ${served.join(' and ')}.`);
}
