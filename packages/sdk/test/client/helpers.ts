import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KlarefiClient, type KlarefiClientOptions } from '../../src/client/index.js';

/** A test key; long enough that finding it anywhere is meaningful. */
export const TEST_KEY = 'sk_test_4f9c2d7e1a8b6c3d5e7f9a1b2c4d6e8f';

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  /** The path without the query, e.g. `/api/v1/cases/abc`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body text ('' when none). */
  body: string;
  /** The body parsed as JSON, or `undefined`. */
  json: unknown;
}

/** What the server does with one request. */
export type ScriptedReply =
  | { status: number; headers?: Record<string, string>; json?: unknown; text?: string }
  /** Read the request, then close the socket without answering (a reset). */
  | { action: 'destroy' }
  /** Never answer; the socket is closed when the server closes. */
  | { action: 'hang' };

/** A reply, or a function of the request that returns one. */
export type Responder = ScriptedReply | ((request: RecordedRequest) => ScriptedReply);

/** A real HTTP server on 127.0.0.1 that records requests and answers from a script. */
export interface RecordingServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Queues replies, used one per request in order. */
  script(...replies: Responder[]): void;
  /** The reply once the queue is empty (otherwise a 599 that names the unscripted request). */
  otherwise(reply: Responder): void;
  close(): Promise<void>;
}

/** Starts a {@link RecordingServer} on an ephemeral port. */
export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const queue: Responder[] = [];
  let fallback: Responder | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json: parseOrUndefined(body),
      };
      requests.push(recorded);
      const responder = queue.shift() ?? fallback;
      const reply: ScriptedReply =
        responder === undefined
          ? {
              status: 599,
              text: `recording server: no reply scripted for ${recorded.method} ${recorded.path}`,
            }
          : typeof responder === 'function'
            ? responder(recorded)
            : responder;
      answer(reply, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => {
      queue.push(...replies);
    },
    otherwise: (reply) => {
      fallback = reply;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function answer(reply: ScriptedReply, res: ServerResponse): void {
  if ('action' in reply) {
    if (reply.action === 'destroy') res.socket?.destroy();
    return;
  }
  const headers: Record<string, string> = { ...reply.headers };
  let body = reply.text ?? '';
  if (reply.json !== undefined) {
    body = JSON.stringify(reply.json);
    headers['content-type'] ??= 'application/json';
  }
  res.writeHead(reply.status, headers);
  res.end(body);
}

function parseOrUndefined(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A URL on which nothing listens: a server is started, its port noted, and it is closed. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A clock whose `sleep` returns at once and records every requested delay. */
export function recordingClock(now = 1_700_000_000_000): {
  delays: number[];
  clock: { now: () => number; sleep: (ms: number) => Promise<void> };
} {
  const delays: number[] = [];
  return {
    delays,
    clock: {
      now: () => now,
      sleep: async (ms: number) => {
        delays.push(ms);
      },
    },
  };
}

/** A client for `server` with the test key and a recording clock (no real waits between retries). */
export function clientFor(
  server: { url: string },
  options: Partial<KlarefiClientOptions> = {},
): { client: KlarefiClient; delays: number[] } {
  const { delays, clock } = recordingClock();
  const client = new KlarefiClient({ apiKey: TEST_KEY, baseUrl: server.url, clock, ...options });
  return { client, delays };
}

/** Awaits `promise`, expecting it to reject, and returns the rejection. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** A session answer as the API gives it. */
export function sessionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    session_id: '0b8e4c8a-5d2f-4a47-9a53-8f0f8e3b7c11',
    signed_url: 'https://app.klarefi.com/s/0b8e4c8a-5d2f-4a47-9a53-8f0f8e3b7c11?token=t0k',
    expires_at: '2030-01-08T10:00:00.000Z',
    snippet: '<script>window.location.href="https://app.klarefi.com/s/0b8e4c8a"</script>',
    idempotent_replay: false,
    ...overrides,
  };
}

/** An error envelope answer. */
export function envelope(
  status: number,
  type: string,
  extra: { code?: string; message?: string; request_id?: string; headers?: Record<string, string> } = {},
): ScriptedReply {
  const { headers, ...fields } = extra;
  return {
    status,
    ...(headers ? { headers } : {}),
    json: {
      error: { type, code: fields.code ?? 'some_code', message: fields.message ?? `a ${type}`, ...fields },
    },
  };
}
