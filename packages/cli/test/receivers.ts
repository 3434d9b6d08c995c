import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constructEvent, isKlarefiError } from '@klarefi/sdk';

const LIMIT = 1024 * 1024;

/** What a receiver does with a delivery: the verified event, or a thrown error (answered 401 or its status). */
export type Verify = (raw: Buffer, header: string | undefined) => Record<string, unknown>;

/** A receiver on 127.0.0.1 with a handler-run counter behind `GET ?delivery_id=` (for --probe-url). */
export interface TestReceiver {
  url: string;
  probeUrl: string;
  /** Handler runs per delivery id. */
  runs: Map<string, number>;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  verify: Verify;
  /** The status of an accepted delivery. @default 200 */
  acceptStatus?: number;
  /** Remember delivery ids and run the handler once each. @default true */
  dedupe?: boolean;
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Starts a hand-written receiver: 413 over 1 MiB, then `verify`, then a dedupe on delivery_id. */
export async function startTestReceiver(options: ReceiverOptions): Promise<TestReceiver> {
  const runs = new Map<string, number>();
  const { verify, acceptStatus = 200, dedupe = true } = options;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (req.method === 'GET' && url.pathname === '/runs') {
      answer(res, 200, { count: runs.get(url.searchParams.get('delivery_id') ?? '') ?? 0 });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= LIMIT) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > LIMIT) return answer(res, 413, { error: { code: 'payload_too_large' } });
      let event: Record<string, unknown>;
      try {
        event = verify(Buffer.concat(chunks), req.headers['x-klarefi-signature'] as string | undefined);
      } catch (error) {
        const status = isKlarefiError(error) ? ((error as { status?: number }).status ?? 401) : 401;
        return answer(res, status, { error: { code: (error as { code?: string }).code ?? 'refused' } });
      }
      const id =
        typeof event.delivery_id === 'string'
          ? event.delivery_id
          : `legacy:${req.headers['x-klarefi-signature']}`;
      if (!dedupe || !runs.has(id)) runs.set(id, (runs.get(id) ?? 0) + 1);
      answer(
        res,
        acceptStatus,
        acceptStatus < 300 ? { received: true } : { error: { code: 'unprocessable' } },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/klarefi`,
    probeUrl: `http://127.0.0.1:${port}/runs`,
    runs,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The correct receiver: the SDK's constructEvent on the raw bytes. */
export const sdkVerify =
  (secrets: string | string[], nowMs: () => number = Date.now): Verify =>
  (raw, header) =>
    constructEvent(raw, header, secrets, { now: nowMs }) as unknown as Record<string, unknown>;

/** The classic bug: verifies `JSON.stringify(JSON.parse(body))`, what a global JSON parser leaves. */
export const reserialisingVerify =
  (secret: string): Verify =>
  (raw, header) =>
    constructEvent(JSON.stringify(JSON.parse(raw.toString('utf8'))), header, secret) as unknown as Record<
      string,
      unknown
    >;

/** Checks only the first `v1` of the header (drops the rest before verifying). */
export const firstV1OnlyVerify =
  (secret: string): Verify =>
  (raw, header) =>
    sdkVerify(secret)(raw, header?.replace(/^(t=\d+,v1=[0-9a-f]+),.*$/, '$1'));

/** A hand-written verifier without a timestamp window: any `t`, any `v1`, the right HMAC. */
export const noWindowVerify =
  (secret: string): Verify =>
  (raw, header) => {
    const t = /(?:^|,)t=(\d+)/.exec(header ?? '')?.[1];
    const given = [...(header ?? '').matchAll(/v1=([0-9a-f]{64})/g)].map((m) =>
      Buffer.from(m[1] as string, 'hex'),
    );
    if (!t || given.length === 0) throw new Error('bad header');
    const mac = createHmac('sha256', secret).update(`${t}.`).update(raw).digest();
    if (!given.some((v) => timingSafeEqual(v, mac))) throw new Error('bad signature');
    return JSON.parse(raw.toString('utf8'));
  };
