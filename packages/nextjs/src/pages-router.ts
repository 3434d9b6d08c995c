import { isKlarefiHttpError, type KlarefiHttpError } from '@klarefi/sdk';
import { type HandlerResponse, payloadTooLarge } from '@klarefi/sdk/adapter';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { routeNotFound } from './not-found.js';
import { coreProvider, type KlarefiNextOptionsInput } from './options.js';

/**
 * What a Pages Router API route receives, as far as Klarefi reads it: Next.js's `NextApiRequest`
 * is one. Declared here so that the types need neither `next`'s nor React's.
 */
export interface KlarefiApiRequest extends IncomingMessage {
  /** Set by Next.js's body parser; absent with `config.api.bodyParser: false`. */
  body?: unknown;
  /** The route's dynamic segments and the query string. */
  query?: Partial<Record<string, string | string[]>>;
}

/** A Pages Router API route: `(req, res) => Promise<void>`, for `export default`. */
export type KlarefiApiRoute = (req: KlarefiApiRequest, res: ServerResponse) => Promise<void>;

/** The line a Pages API route needs so that the signature can be checked over the raw bytes. */
export const PAGES_RAW_BODY_HELP =
  'Next.js parsed this request body before Klarefi could read the raw bytes the signature covers. ' +
  'Add this line to the API route file: export const config = { api: { bodyParser: false } };';

// Past the limit the rest is drained unread, so that the 413 still reaches the sender.
function readBody(req: KlarefiApiRequest, maxBytes: number): Promise<Uint8Array> {
  if (Number(req.headers['content-length']) > maxBytes) return Promise.reject(payloadTooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    req.on('data', (chunk: Uint8Array) => {
      if (size > maxBytes) return;
      size += chunk.byteLength;
      if (size > maxBytes) reject(payloadTooLarge(maxBytes));
      else chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > maxBytes) return;
      const out = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        out.set(chunk, offset);
        offset += chunk.byteLength;
      }
      resolve(out);
    });
  });
}

function send(res: ServerResponse, answer: Pick<HandlerResponse, 'status' | 'headers' | 'body'>): void {
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.end(answer.body ?? undefined);
}

// Both placements work: pages/api/klarefi/[...klarefi].ts, or one file per route.
function routeOf(url: string | undefined, paths: Array<string | null>): string | undefined {
  const pathname = new URL(url ?? '/', 'http://n').pathname;
  return paths.find((path) => path && pathname.endsWith(path)) ?? undefined;
}

/**
 * A Pages Router API route serving `GET {startClaim.path}` and `POST {webhook.path}`, matched at
 * the end of the URL path. The file must turn Next.js's body parser off, or the webhook answers
 * `500 raw_body_unavailable` naming the line to add:
 * `export const config = { api: { bodyParser: false } };`
 * @throws {KlarefiConfigError} when the options cannot work (at import when they carry the
 * secrets, else on the first request).
 * @example
 * // pages/api/klarefi/[...klarefi].ts
 * export const config = { api: { bodyParser: false } };
 * export default klarefiApiRoute({ startClaim: { caseTypeId: 'motor_claim' }, on: { 'case.completed': save } });
 */
export function klarefiApiRoute(options: KlarefiNextOptionsInput<KlarefiApiRequest>): KlarefiApiRoute {
  const core = coreProvider(options);
  return async function klarefiPagesHandler(req, res) {
    const current = core();
    const method = req.method ?? 'GET';
    try {
      const path = routeOf(req.url, [current.webhookPath, current.startClaimPath]);
      if (path === current.webhookPath) {
        // Next.js sets req.body only when its parser ran; the bytes the signature covers are gone then.
        const parsed = req.body !== undefined;
        const isPost = method.toUpperCase() === 'POST';
        let rawBody: Uint8Array | undefined;
        let bodyTooLarge = false;
        if (isPost && !parsed) {
          // The core answers the 413 itself, so it is reported as an outcome like every refusal.
          rawBody = await readBody(req, current.maxBodyBytes).catch((error: KlarefiHttpError) => {
            if (error?.code !== 'payload_too_large') throw error;
            bodyTooLarge = true;
            return undefined;
          });
        }
        const answer = await current.handleWebhook({
          method,
          headers: req.headers,
          rawBody,
          bodyTooLarge,
          rawBodyHelp: PAGES_RAW_BODY_HELP,
          request: req,
        });
        send(res, answer);
      } else if (path === current.startClaimPath) {
        send(res, await current.handleStartClaim({ method, request: req }));
      } else {
        throw routeNotFound(current);
      }
    } catch (error) {
      if (!isKlarefiHttpError(error)) throw error;
      send(res, error);
    }
  };
}
