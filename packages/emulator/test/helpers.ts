import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constructEvent } from '@klarefi/sdk';
import type { RunningEmulator } from '../src/index.js';

/** One request the receiver got. */
export interface Received {
  /** The verified event, or `undefined` when verification failed. */
  event: Record<string, unknown> | undefined;
  error: string | undefined;
  header: string;
  body: string;
  /** The status the receiver answered. */
  answered: number;
}

/** A webhook receiver on 127.0.0.1 that verifies every delivery with the SDK's `constructEvent`. */
export interface Receiver {
  url: string;
  /** Base URL without the webhook path, for return_url pages. */
  origin: string;
  received: Received[];
  /** The verified events. */
  events(): Array<Record<string, unknown>>;
  /** Answers the next `times` deliveries with `status` (after verifying them). */
  failNext(times: number, status?: number): void;
  /** Delays every answer by `ms`. */
  delay(ms: number): void;
  /** Resolves with the first verified event matching `match`, waiting for it to arrive. */
  waitFor(
    match: (e: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Resolves once `count` requests matching `match` have arrived. */
  waitForCount(match: (r: Received) => boolean, count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts a receiver with the endpoint's signing secret. GET requests answer a small "result" page. */
export async function startReceiver(secret: string, path = '/webhooks/klarefi'): Promise<Receiver> {
  const received: Received[] = [];
  const emitter = new EventEmitter();
  let failures: Array<number> = [];
  let delayMs = 0;
  const server: Server = createServer(async (req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><title>Result</title><h1 id="result">Result page</h1><p>${req.url}</p>`);
      return;
    }
    const body = await readBody(req);
    const header = String(req.headers['x-klarefi-signature'] ?? '');
    let event: Record<string, unknown> | undefined;
    let error: string | undefined;
    try {
      event = constructEvent(body, header, secret) as Record<string, unknown>;
    } catch (e) {
      error = (e as Error).message;
    }
    const status = error ? 401 : (failures.shift() ?? 200);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    received.push({ event, error, header, body, answered: status });
    emitter.emit('request');
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(status === 200 ? '{"received":true}' : `{"error":"failing on purpose (${status})"}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  function waitForCount(
    match: (r: Received) => boolean,
    count: number,
    timeoutMs = 10_000,
  ): Promise<Received[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = received.filter(match);
        if (found.length >= count) {
          cleanup();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(`receiver: wanted ${count} matching requests, got ${received.filter(match).length}`),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        emitter.off('request', check);
      };
      emitter.on('request', check);
      check();
    });
  }

  return {
    url: `${origin}${path}`,
    origin,
    received,
    events: () => received.flatMap((r) => (r.event ? [r.event] : [])),
    failNext(times, status = 500) {
      failures = Array.from({ length: times }, () => status);
    },
    delay(ms) {
      delayMs = ms;
    },
    async waitFor(match, timeoutMs) {
      const [first] = await waitForCount((r) => r.event !== undefined && match(r.event), 1, timeoutMs);
      return first!.event!;
    },
    waitForCount,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Calls the emulator's API with its key. */
export function api(emu: Pick<RunningEmulator, 'url' | 'apiKey'>) {
  return (path: string, init: RequestInit & { json?: unknown; key?: string } = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${init.key ?? emu.apiKey}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return fetch(`${emu.url}/api/v1${path}`, { ...init, headers, body });
  };
}

/** Creates a session through the API and returns its body. */
export async function createSession(
  emu: Pick<RunningEmulator, 'url' | 'apiKey'>,
  params: Record<string, unknown> = {},
): Promise<{ session_id: string; signed_url: string; expires_at: string; snippet: string }> {
  const res = await api(emu)('/sessions', {
    method: 'POST',
    json: { case_type_id: 'motor_claim', idempotency_key: `k-${Math.random()}`, ...params },
  });
  if (res.status !== 201) throw new Error(`createSession: ${res.status} ${await res.text()}`);
  return res.json() as never;
}

/** Posts one step of the hosted form (urlencoded) and returns the raw answer (redirects not followed). */
export function postStep(
  signedUrl: string,
  step: number,
  fields: Record<string, string>,
  nav = 'next',
): Promise<Response> {
  const u = new URL(signedUrl);
  const target = `${u.origin}${u.pathname}/step?token=${u.searchParams.get('token')}&step=${step}`;
  return fetch(target, {
    method: 'POST',
    body: new URLSearchParams({ ...fields, nav }),
    redirect: 'manual',
  });
}

/** Posts the submit form. */
export function postSubmit(signedUrl: string): Promise<Response> {
  const u = new URL(signedUrl);
  return fetch(`${u.origin}${u.pathname}/submit?token=${u.searchParams.get('token')}`, {
    method: 'POST',
    redirect: 'manual',
  });
}

/** Complete motor-claim answers for steps 1 and 2. */
export const MOTOR_STEP1 = {
  incident_date: '3 februari 2023',
  incident_location: 'Stationsplein 1, Utrecht',
  license_plate: 'ab-123-c',
};
export const MOTOR_STEP2 = { damage_amount: '€ 1.234,56', description: 'Aanrijding op de parkeerplaats.' };

/** Fills every step of a motor claim over HTTP and submits it. */
export async function fillMotorClaim(
  signedUrl: string,
  overrides: { step1?: Record<string, string>; step2?: Record<string, string> } = {},
): Promise<Response> {
  await postStep(signedUrl, 1, { ...MOTOR_STEP1, ...overrides.step1 });
  await postStep(signedUrl, 2, { ...MOTOR_STEP2, ...overrides.step2 });
  return postSubmit(signedUrl);
}

/** A clock tests move by hand. */
export function manualClock(start = Date.now()) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}
