import type { HandlerResponse, KlarefiCore } from './core.js';
import { isKlarefiHttpError, KlarefiHttpError, payloadTooLarge } from '../errors/http.js';

/**
 * Reads a Web `Request` body, stopping at `maxBytes`: a larger body answers 413 without being
 * buffered whole.
 * @throws {KlarefiHttpError} 413 `payload_too_large`.
 */
export async function readRequestBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (Number(request.headers.get('content-length')) > maxBytes) throw payloadTooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw payloadTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Writes a core answer as a Web `Response`. */
export function toWebResponse(result: {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}): Response {
  return new Response(result.body, { status: result.status, headers: result.headers });
}

/** A Web `Request` an adapter hands to {@link handleWebRequest}. */
export interface WebRequestInput<TRequest> {
  request: Request;
  /** The request's path relative to where the routes are mounted. */
  path: string;
  /** What event handlers and `startClaim.session()` receive: the framework's request or context. */
  context: TRequest;
  /**
   * Reads the raw body of a `POST` to the webhook path.
   * @default the request's own stream, read with `readRequestBody` up to `maxBodyBytes`
   */
  readBody?: () => Promise<unknown>;
  /**
   * The framework's fix for a missing raw body (see `WebhookInput.rawBodyHelp`).
   * @default the core's general raw-body explanation
   */
  rawBodyHelp?: string;
}

/**
 * Answers a Web `Request` for the start-claim path or the webhook path, or returns `null` for
 * any other path (so a framework can pass it on). Refusals are thrown as `KlarefiHttpError`s.
 */
export async function handleWebRequest<TRequest>(
  core: KlarefiCore<TRequest>,
  input: WebRequestInput<TRequest>,
): Promise<HandlerResponse | null> {
  const { request, path, context } = input;
  if (path === core.webhookPath) {
    const read = input.readBody ?? (() => readRequestBody(request, core.maxBodyBytes));
    let rawBody: unknown;
    let bodyTooLarge = false;
    try {
      rawBody = request.method.toUpperCase() === 'POST' ? await read() : undefined;
    } catch (error) {
      // The core answers the 413 itself, so it is reported as an outcome like every refusal.
      if (!isKlarefiHttpError(error) || error.code !== 'payload_too_large') throw error;
      bodyTooLarge = true;
    }
    return core.handleWebhook({
      method: request.method,
      headers: request.headers,
      rawBody,
      bodyTooLarge,
      rawBodyHelp: input.rawBodyHelp,
      request: context,
    });
  }
  if (path === core.startClaimPath)
    return core.handleStartClaim({ method: request.method, request: context });
  return null;
}

export function notFound(): Response {
  return new KlarefiHttpError(404, 'not_found', 'No Klarefi route at this path.').toResponse();
}
