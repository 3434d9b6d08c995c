import { type KlarefiAnswer, notFound, readStreamBody } from '@klarefi/sdk/adapter';
import type { IncomingMessage, ServerResponse } from 'node:http';
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

// Writing can fail (the client went away): that must not become an unhandled rejection.
function send(res: ServerResponse, answer: KlarefiAnswer): void {
  try {
    if (res.headersSent) return;
    res.statusCode = answer.status;
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    res.end(answer.body ?? undefined);
  } catch {
    res.destroy();
  }
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
    // Both placements work: pages/api/klarefi/[...klarefi].ts, or one file per route.
    const route = current.routeOf(new URL(req.url ?? '/', 'http://n').pathname, { suffix: true });
    if (route === 'webhook') {
      const answer = await current.handleWebhook({
        method,
        header(name) {
          return req.headers[name];
        },
        // Next.js sets req.body only when its parser ran; the bytes the signature covers are gone then.
        readBody(limit) {
          return req.body !== undefined ? Promise.resolve(undefined) : readStreamBody(req, limit);
        },
        rawBodyHelp: PAGES_RAW_BODY_HELP,
        request: req,
      });
      send(res, answer);
    } else if (route === 'start-claim') {
      const aborted = new AbortController();
      res.once('close', () => aborted.abort());
      const header = (name: string) => req.headers[name];
      send(res, await current.handleStartClaim({ method, header, request: req, signal: aborted.signal }));
    } else {
      send(res, notFound(current));
    }
  };
}
