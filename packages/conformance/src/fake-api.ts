import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnFreePort } from './http.js';

/** One request the fake API received. */
export interface RecordedApiRequest {
  method: string;
  /** Path and query, e.g. `"/api/v1/sessions"`. */
  path: string;
  /** Headers with lower-case names. */
  headers: Record<string, string>;
  /** The body as text. */
  text: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  body: unknown;
  /** The session the fake answered with, when it created one. */
  session?: FakeSession;
}

/** A session the fake API created. */
export interface FakeSession {
  session_id: string;
  signed_url: string;
  expires_at: string;
  snippet: string;
  idempotent_replay: boolean;
}

/**
 * How the fake API answers:
 * - `'session'`: `201` with a new session (the default for `POST /api/v1/sessions`);
 * - `'drop'`: the connection is destroyed without an answer;
 * - `{ status, json?, text?, headers? }`: exactly that answer.
 */
export type FakeReply =
  | 'session'
  | 'drop'
  | { status: number; json?: unknown; text?: string; headers?: Record<string, string> };

/** Options of {@link startFakeKlarefiApi}. */
export interface FakeKlarefiApiOptions {
  /**
   * The origin `signed_url`s point at; set it to a local server to follow the redirect in a browser.
   * @default "https://app.klarefi.com"
   */
  signedUrlBase?: string;
}

/** A recording stand-in for the Klarefi API on 127.0.0.1. */
export interface FakeKlarefiApi {
  /** The base URL to give the client: `http://127.0.0.1:<port>`. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedApiRequest[];
  /** Sets the answer for every following request (or a function choosing it per request). */
  respondWith(reply: FakeReply | ((request: RecordedApiRequest) => FakeReply)): void;
  /** Forgets the recorded requests and restores the default answers. */
  reset(): void;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function newSession(signedUrlBase: string): FakeSession {
  const id = randomUUID();
  const signedUrl = `${signedUrlBase}/s/${id}?token=${randomBytes(16).toString('hex')}`;
  return {
    session_id: id,
    signed_url: signedUrl,
    expires_at: new Date(Date.now() + 168 * 3_600_000).toISOString(),
    snippet: `<script>window.location.href=${JSON.stringify(signedUrl)}</script>`,
    idempotent_replay: false,
  };
}

function defaultReply(request: RecordedApiRequest): FakeReply {
  if (request.method === 'POST' && request.path === '/api/v1/sessions') return 'session';
  return {
    status: 404,
    json: {
      error: { type: 'not_found', code: 'not_found', message: 'No such route.', request_id: 'req_fake' },
    },
  };
}

/**
 * Starts a fake Klarefi API on 127.0.0.1 (port 0) that records every request and answers
 * `POST /api/v1/sessions` with a new session unless told otherwise with `respondWith`.
 * @example
 * const api = await startFakeKlarefiApi();
 * const client = new KlarefiClient({ apiKey: 'sk_test_x', baseUrl: api.url });
 */
export async function startFakeKlarefiApi(options: FakeKlarefiApiOptions = {}): Promise<FakeKlarefiApi> {
  const signedUrlBase = (options.signedUrlBase ?? 'https://app.klarefi.com').replace(/\/+$/, '');
  const requests: RecordedApiRequest[] = [];
  let choose: (request: RecordedApiRequest) => FakeReply = defaultReply;

  function answer(res: ServerResponse, recorded: RecordedApiRequest, reply: FakeReply): void {
    if (reply === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (reply === 'session') {
      recorded.session = newSession(signedUrlBase);
      reply = {
        status: 201,
        json: recorded.session,
        headers: { 'x-request-id': `req_${randomBytes(6).toString('hex')}` },
      };
    }
    const body = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
    const type = reply.json !== undefined ? 'application/json' : 'text/plain; charset=utf-8';
    res.writeHead(reply.status, { 'content-type': type, ...reply.headers });
    res.end(body);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedApiRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: flatHeaders(req),
        text,
        body: parseJson(text),
      };
      requests.push(recorded);
      answer(res, recorded, choose(recorded));
    });
  });
  const listening = await listenOnFreePort(server);

  return {
    url: listening.url,
    requests,
    respondWith(reply) {
      choose = typeof reply === 'function' ? reply : () => reply;
    },
    reset() {
      requests.length = 0;
      choose = defaultReply;
    },
    close: listening.close,
  };
}
