import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnFreePort, type ListeningServer, sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import type { NextApiHandler, NextApiRequest, NextApiResponse } from 'next';
import { afterEach, describe, expect, it } from 'vitest';
import { klarefiApiRoute, PAGES_RAW_BODY_HELP } from '../src/index.js';

const secret = 'whsec_pages_router_test';
let server: ListeningServer | undefined;
afterEach(() => server?.close());

/**
 * Serves the API route on a real Node server. With `bodyParser` on, req.body is set from the
 * stream first, as Next.js's API resolver does for a route without `config.api.bodyParser: false`.
 * Typed as Next.js's own `NextApiHandler`, so the route is checked against Next.js's types.
 */
async function serve(route: NextApiHandler, bodyParser: boolean) {
  server = await listenOnFreePort(
    createServer(async (req: IncomingMessage, res: ServerResponse) => {
      if (bodyParser && req.method === 'POST') {
        let text = '';
        for await (const chunk of req) text += chunk;
        (req as NextApiRequest).body = JSON.parse(text);
      }
      await Promise.resolve(route(req as NextApiRequest, res as NextApiResponse)).catch(() => {
        res.statusCode = 500;
        res.end('Internal Server Error');
      });
    }),
  );
  return server.url;
}

describe('klarefiApiRoute (Pages Router)', () => {
  const calls: unknown[] = [];
  const route = () =>
    klarefiApiRoute({
      webhookSecret: secret,
      startClaim: false,
      on: { 'case.completed': (event) => void calls.push(event) },
    });

  it('verifies a delivery in pages/api/klarefi/[...klarefi].ts with the body parser off', async () => {
    const url = await serve(route(), false);
    const event = sampleEnvelope();
    const { body, headers } = signedDelivery(event, secret, { pretty: true });
    const res = await fetch(`${url}/api/klarefi/webhooks/klarefi`, { method: 'POST', headers, body });
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body: { received: true } });
    expect(calls).toEqual([event]);
  });

  it('answers 500 raw_body_unavailable naming the config line when Next.js parsed the body', async () => {
    calls.length = 0;
    const url = await serve(route(), true);
    const { body, headers } = signedDelivery(sampleEnvelope(), secret);
    const res = await fetch(`${url}/api/webhooks/klarefi`, { method: 'POST', headers, body });
    const answer = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status).toBe(500);
    expect(answer.error).toEqual({ code: 'raw_body_unavailable', message: PAGES_RAW_BODY_HELP });
    expect(answer.error.message).toContain('export const config = { api: { bodyParser: false } };');
    expect(calls).toEqual([]);
  });

  it('refuses a forged delivery with 401 and bodies over the limit with 413, declared or streamed', async () => {
    const url = await serve(
      klarefiApiRoute({ webhookSecret: secret, startClaim: false, webhook: { maxBodyBytes: 64 } }),
      false,
    );
    const forged = signedDelivery({ id: 1 }, 'whsec_someone_else');
    const refused = await fetch(`${url}/api/webhooks/klarefi`, { method: 'POST', ...forged });
    expect(refused.status).toBe(401);
    const big = signedDelivery({ ...sampleEnvelope(), pad: 'x'.repeat(200) }, secret);
    const { 'content-type': type, 'x-klarefi-signature': signature } = big.headers;
    const stream = new Blob([big.body]).stream();
    const res = await fetch(`${url}/api/webhooks/klarefi`, {
      method: 'POST',
      headers: { 'content-type': type as string, 'x-klarefi-signature': signature as string },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    const declared = await fetch(`${url}/api/webhooks/klarefi`, { method: 'POST', ...big });
    expect(declared.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('answers 405 with allow: POST, and 404 for a path that is not a Klarefi route', async () => {
    const url = await serve(route(), false);
    const res = await fetch(`${url}/api/webhooks/klarefi`);
    expect({ status: res.status, allow: res.headers.get('allow') }).toEqual({ status: 405, allow: 'POST' });
    expect((await fetch(`${url}/api/klarefi/elsewhere`)).status).toBe(404);
  });
});
