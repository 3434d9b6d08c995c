import type { KlarefiCore } from './core.js';
import { KlarefiHttpError, isKlarefiHttpError } from './http-error.js';

/**
 * Reads a Web `Request` body, stopping at `maxBytes`: a larger body answers 413 without being
 * buffered whole.
 * @throws {KlarefiHttpError} 413 `payload_too_large`.
 */
export async function readRequestBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new KlarefiHttpError(
      413,
      'payload_too_large',
      `The webhook body is larger than ${maxBytes} bytes (webhook.maxBodyBytes).`,
    );
  if (Number(request.headers.get('content-length')) > maxBytes) throw tooLarge();
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
      throw tooLarge();
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

/**
 * Routes a Web `Request` to the core: the start-claim path, the webhook path, or `null` for
 * any other path (so a framework can pass it on).
 */
export async function routeWebRequest(
  core: KlarefiCore<Request>,
  request: Request,
  pathname: string,
): Promise<Response | null> {
  try {
    if (pathname === core.webhookPath) {
      const isPost = request.method.toUpperCase() === 'POST';
      const rawBody = isPost ? await readRequestBody(request, core.maxBodyBytes) : new Uint8Array(0);
      return toWebResponse(
        await core.handleWebhook({ method: request.method, headers: request.headers, rawBody, request }),
      );
    }
    if (pathname === core.startClaimPath) {
      return toWebResponse(await core.handleStartClaim({ method: request.method, request }));
    }
    return null;
  } catch (error) {
    if (isKlarefiHttpError(error)) return error.toResponse();
    throw error;
  }
}

export function notFound(): Response {
  return new KlarefiHttpError(404, 'not_found', 'No Klarefi route at this path.').toResponse();
}
