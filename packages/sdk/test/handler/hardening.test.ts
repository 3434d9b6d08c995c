import { describe, expect, it } from 'vitest';
import { KlarefiClient } from '../../src/client/index.js';
import { KlarefiConfigError } from '../../src/errors/base.js';
import { createCore } from '../../src/handler/core.js';
import { DEV_API_KEY, DEV_WEBHOOK_SECRET } from '../../src/handler/env.js';
import { createSignatureHeader, verifyAndParse } from '../../src/webhooks/node.js';
import { webhookRequest } from './request.js';

const SECRET = 'whsec_hardening_test';

function sessionApi(answer: (url: unknown, init?: RequestInit) => Promise<Response>): KlarefiClient {
  return new KlarefiClient({
    apiKey: 'sk_test_hardening',
    baseUrl: 'http://127.0.0.1:9',
    fetch: answer,
    maxRetries: 2,
  });
}

function startClaimCore(client: KlarefiClient, timeoutMs?: number) {
  const lines: string[] = [];
  const core = createCore(
    { client, webhookSecret: SECRET, startClaim: { caseTypeId: 'motor_claim', timeoutMs } },
    verifyAndParse,
  );
  const start = (accept = 'application/json') =>
    core.handleStartClaim({
      method: 'GET',
      header: (name) => (name === 'accept' ? accept : undefined),
      request: null,
      log: (line) => lines.push(line),
    });
  return { start, lines };
}

const session = (signed_url: string) => async () =>
  new Response(JSON.stringify({ session_id: 's1', signed_url, expires_at: '2030-01-01T00:00:00Z' }), {
    status: 201,
    headers: { 'content-type': 'application/json' },
  });

describe('start-claim answers that every framework can write', () => {
  it('refuses a signed_url with CR/LF (header injection) as 502 session_create_failed, and logs why', async () => {
    const { start, lines } = startClaimCore(
      sessionApi(session('https://form.example/s/1\r\nSet-Cookie: x=1')),
    );
    const answer = await start();
    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.body ?? '').error.code).toBe('session_create_failed');
    expect(lines).toEqual([expect.stringContaining('without a usable signed_url')]);
  });

  it('redirects to a non-ASCII signed_url percent-encoded, so the location header is ASCII', async () => {
    const { start } = startClaimCore(sessionApi(session('https://form.example/s/schade-ü?token=ä')));
    const answer = await start();
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('https://form.example/s/schade-%C3%BC?token=%C3%A4');
  });

  it('bounds session creation, retries included, by startClaim.timeoutMs, and shows a browser an HTML page', async () => {
    const { start, lines } = startClaimCore(
      sessionApi(
        (_url, init) =>
          new Promise((_resolve, reject) =>
            init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
          ),
      ),
      50,
    );
    const answer = await start('text/html,application/xhtml+xml');
    expect(answer.status).toBe(502);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(answer.body).toContain('We could not start your claim');
    expect(answer.body).toContain('href="start-claim"');
    expect(lines[0]).toContain('startClaim.timeoutMs (50 ms)');
  });
});

describe('legacy deliveries cannot be replayed past dedupe', () => {
  it('keys a legacy body on the HMAC our secret produced, so an appended v1 makes no new key', async () => {
    let runs = 0;
    const core = createCore(
      { webhookSecret: SECRET, startClaim: false, onEvent: () => void runs++ },
      verifyAndParse,
    );
    const body = JSON.stringify({ event: 'case.completed', case_id: 'c1' });
    const header = createSignatureHeader({ payload: body, secrets: SECRET });
    const send = (h: string) =>
      core.handleWebhook(
        webhookRequest({
          method: 'POST',
          headers: { 'x-klarefi-signature': h },
          rawBody: body,
          request: null,
        }),
      );
    expect((await send(header)).outcome?.outcome).toBe('processed');
    for (const extra of ['a', 'b', 'c', 'd']) {
      const answer = await send(`${header},v1=${extra.repeat(64)}`);
      expect(answer.outcome?.outcome).toBe('duplicate');
    }
    expect(runs).toBe(1);
  });
});

describe('keys sent to the wrong place are refused at start-up', () => {
  const build = (options: object) => () =>
    createCore(
      { webhookSecret: SECRET, startClaim: { caseTypeId: 'motor_claim' }, ...options },
      verifyAndParse,
    );

  it("refuses klarefi dev's public key towards Klarefi's service, naming KLAREFI_API_BASE_URL", () => {
    expect(build({ apiKey: DEV_API_KEY })).toThrow(KlarefiConfigError);
    expect(build({ apiKey: DEV_API_KEY })).toThrow(/KLAREFI_API_BASE_URL/);
    expect(build({ apiKey: DEV_API_KEY, baseUrl: 'http://127.0.0.1:4010' })).not.toThrow();
  });

  it('refuses a live key towards a local URL, and the public dev secret beside a live key', () => {
    expect(build({ apiKey: 'sk_live_abc', baseUrl: 'http://localhost:4010' })).toThrow(/live key/);
    expect(build({ apiKey: 'sk_live_abc', webhookSecret: DEV_WEBHOOK_SECRET })).toThrow(
      /public development secret/,
    );
    expect(build({ apiKey: 'sk_test_abc' })).not.toThrow();
  });
});
