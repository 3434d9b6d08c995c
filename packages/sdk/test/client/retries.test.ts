import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  KlarefiAbortError,
  KlarefiApiError,
  KlarefiClient,
  KlarefiConnectionError,
  KlarefiInternalError,
  KlarefiRateLimitError,
  KlarefiTimeoutError,
} from '../../src/client/index.js';
import {
  clientFor,
  envelope,
  type RecordingServer,
  recordingClock,
  refusedUrl,
  rejectionOf,
  sessionBody,
  startRecordingServer,
  TEST_KEY,
} from './helpers.js';

const NOW = 1_700_000_000_000;
const created = { status: 201, json: sessionBody() };

let server: RecordingServer;

beforeEach(async () => {
  server = await startRecordingServer();
});
afterEach(async () => {
  await server.close();
});

function keysAndCounts(): Array<[string, string]> {
  return server.requests.map((request) => [
    String(request.headers['idempotency-key']),
    String(request.headers['x-klarefi-retry-count']),
  ]);
}

describe('what is retried', () => {
  it.each([408, 409, 429, 500, 502, 503, 504])(
    'retries a %i and succeeds with the same idempotency key',
    async (status) => {
      const { client, delays } = clientFor(server);
      server.script({ status, text: 'try again' }, created);
      await expect(client.createSession({ case_type_id: 'motor_claim' })).resolves.toEqual(sessionBody());
      const [[firstKey, firstCount], [secondKey, secondCount]] = keysAndCounts() as [
        [string, string],
        [string, string],
      ];
      expect(firstKey).toMatch(/^klarefi-sdk-retry-/);
      expect(secondKey).toBe(firstKey);
      expect([firstCount, secondCount]).toEqual(['0', '1']);
      expect(delays).toHaveLength(1);
    },
  );

  it('sends one generated key on every attempt until the retries run out', async () => {
    const { client } = clientFor(server);
    server.otherwise({ status: 500, json: { error: { type: 'internal_error', message: 'boom' } } });
    const error = await rejectionOf(
      client.processDocument({ document_url: 'https://f.example/a.pdf', case_type_id: 'x' }),
    );
    expect(error).toBeInstanceOf(KlarefiInternalError);
    const keys = keysAndCounts();
    expect(keys.map(([, count]) => count)).toEqual(['0', '1', '2']);
    expect(new Set(keys.map(([key]) => key)).size).toBe(1);
  });

  it('keeps the caller key on retries', async () => {
    const { client } = clientFor(server);
    server.script({ status: 503 }, created);
    await client.createSession({ case_type_id: 'motor_claim', idempotency_key: 'mine-1' });
    expect(keysAndCounts()).toEqual([
      ['mine-1', '0'],
      ['mine-1', '1'],
    ]);
    expect(server.requests.map((request) => request.json)).toEqual([
      { case_type_id: 'motor_claim', idempotency_key: 'mine-1' },
      { case_type_id: 'motor_claim', idempotency_key: 'mine-1' },
    ]);
  });

  it.each([
    [400, 'validation_error'],
    [401, 'authentication_error'],
    [402, 'billing_error'],
    [403, 'authorization_error'],
    [404, 'not_found'],
    [428, 'precondition_error'],
  ])('never retries a %i', async (status, type) => {
    const { client, delays } = clientFor(server);
    server.otherwise(envelope(status, type));
    const error = (await rejectionOf(
      client.createSession({ case_type_id: 'motor_claim' }),
    )) as KlarefiApiError;
    expect(error.status).toBe(status);
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('honours maxRetries from the client and per call', async () => {
    server.otherwise({ status: 503 });
    const none = clientFor(server, { maxRetries: 0 }).client;
    await rejectionOf(none.getMe());
    expect(server.requests).toHaveLength(1);
    await rejectionOf(none.getMe({ maxRetries: 3 }));
    expect(server.requests).toHaveLength(5);
    const five = clientFor(server, { maxRetries: 5 }).client;
    await rejectionOf(five.getMe({ maxRetries: 1 }));
    expect(server.requests).toHaveLength(7);
  });

  it('retries GETs and DELETEs too', async () => {
    const { client } = clientFor(server);
    server.script({ status: 502 }, { status: 200, json: { erasure_receipt: { doc_id: 'd1' } } });
    expect(await client.deleteDocument('d1')).toMatchObject({ status_code: 200 });
    expect(server.requests.map((request) => request.method)).toEqual(['DELETE', 'DELETE']);
  });
});

describe('connection failures and timeouts', () => {
  it('retries a refused connection, then throws KlarefiConnectionError with the cause', async () => {
    const url = await refusedUrl();
    const attempts: string[] = [];
    const { client, delays } = clientFor(
      { url },
      {
        fetch: (input, init) => {
          attempts.push(String((init.headers as Record<string, string>)['X-Klarefi-Retry-Count']));
          return fetch(input, init);
        },
      },
    );
    const error = await rejectionOf(client.getMe());
    expect(error).toBeInstanceOf(KlarefiConnectionError);
    expect(attempts).toEqual(['0', '1', '2']);
    expect(delays).toHaveLength(2);
    expect(error.message).toMatch(
      new RegExp(
        `^Could not reach the Klarefi API at ${url} \\(GET /api/v1/me, 3 attempts\\): fetch failed \\(.*ECONNREFUSED`,
      ),
    );
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error & { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });

  it('retries a reset connection with the same key', async () => {
    const { client } = clientFor(server);
    server.script({ action: 'destroy' }, created);
    await client.createSession({ case_type_id: 'motor_claim' });
    const [first, second] = keysAndCounts().map(([key]) => key);
    expect(second).toBe(first);
    expect(server.requests).toHaveLength(2);
  });

  it('aborts a slow attempt after timeoutMs and retries it', async () => {
    const { client } = clientFor(server, { timeoutMs: 500 });
    server.script({ action: 'hang' }, created);
    await expect(client.createSession({ case_type_id: 'motor_claim' })).resolves.toEqual(sessionBody());
    const [first, second] = keysAndCounts().map(([key]) => key);
    expect(first).toMatch(/^klarefi-sdk-retry-/);
    expect(second).toBe(first);
  });

  it('throws KlarefiTimeoutError when every attempt times out', async () => {
    const { client } = clientFor(server, { maxRetries: 1 });
    server.otherwise({ action: 'hang' });
    const error = (await rejectionOf(client.getCase('c1', { timeoutMs: 500 }))) as KlarefiTimeoutError;
    expect(error).toBeInstanceOf(KlarefiTimeoutError);
    expect(error.timeoutMs).toBe(500);
    expect(error.message).toBe(
      'Klarefi API did not answer within 500 ms (GET /api/v1/cases/c1, 2 attempts); raise timeoutMs or check the network',
    );
    expect(server.requests).toHaveLength(2);
  });

  it('times out even a fetch that ignores its signal', async () => {
    const { client } = clientFor(server, {
      maxRetries: 0,
      timeoutMs: 30,
      fetch: () => new Promise<Response>(() => {}),
    });
    expect(await rejectionOf(client.getMe())).toBeInstanceOf(KlarefiTimeoutError);
  });
});

describe('how long it waits', () => {
  it('backs off exponentially with jitter, capped at 8 s', async () => {
    const { client, delays } = clientFor(server, { maxRetries: 7 });
    server.otherwise({ status: 500 });
    await rejectionOf(client.getMe());
    const bounds = [500, 1000, 2000, 4000, 8000, 8000, 8000];
    expect(delays).toHaveLength(bounds.length);
    delays.forEach((delay, index) => {
      expect(delay).toBeGreaterThanOrEqual(bounds[index]! * 0.75);
      expect(delay).toBeLessThanOrEqual(bounds[index]!);
    });
  });

  it.each([
    ['0', 0],
    ['2', 2000],
    ['1.5', 1500],
    ['60', 60_000],
    [new Date(NOW + 5000).toUTCString(), 5000],
    [new Date(NOW - 5000).toUTCString(), 0],
  ])('honours Retry-After: %s', async (retryAfter, expected) => {
    const { client, delays } = clientFor(server);
    server.script(
      { status: 429, headers: { 'retry-after': retryAfter } },
      { status: 200, json: { status: 'ok' } },
    );
    await client.getHealth();
    expect(delays).toEqual([expected]);
  });

  it.each(['61', '3600', 'soon', '-1', new Date(NOW + 120_000).toUTCString()])(
    'ignores an unusable or too long Retry-After (%s) and backs off',
    async (retryAfter) => {
      const { client, delays } = clientFor(server);
      server.script(
        { status: 503, headers: { 'retry-after': retryAfter } },
        { status: 200, json: { status: 'ok' } },
      );
      await client.getHealth();
      expect(delays).toHaveLength(1);
      expect(delays[0]).toBeGreaterThanOrEqual(375);
      expect(delays[0]).toBeLessThanOrEqual(500);
    },
  );

  it('honours Retry-After on a 5xx too', async () => {
    const { client, delays } = clientFor(server);
    server.script({ status: 503, headers: { 'retry-after': '3' } }, { status: 200, json: { status: 'ok' } });
    await client.getHealth();
    expect(delays).toEqual([3000]);
  });

  it('waits for X-RateLimit-Reset on a 429 without Retry-After, when it is within 60 s', async () => {
    const { client, delays } = clientFor(server);
    const soon = String(NOW / 1000 + 3);
    const late = String(NOW / 1000 + 600);
    server.script(
      { status: 429, headers: { 'x-ratelimit-reset': soon } },
      { status: 429, headers: { 'x-ratelimit-reset': late } },
      { status: 200, json: { status: 'ok' } },
    );
    await client.getHealth();
    expect(delays[0]).toBe(3000);
    expect(delays[1]).toBeGreaterThanOrEqual(750);
    expect(delays[1]).toBeLessThanOrEqual(1000);
  });

  it('really sleeps with the default clock (Retry-After: 0)', async () => {
    const client = new KlarefiClient({ apiKey: TEST_KEY, baseUrl: server.url });
    server.script({ status: 503, headers: { 'retry-after': '0' } }, { status: 200, json: { status: 'ok' } });
    expect(await client.getHealth()).toEqual({ status: 'ok' });
    expect(server.requests).toHaveLength(2);
  });

  it('gives up on a 429 with KlarefiRateLimitError and retryAfterSeconds', async () => {
    const { client, delays } = clientFor(server, { maxRetries: 1 });
    server.otherwise(envelope(429, 'rate_limit_error', { headers: { 'retry-after': '90' } }));
    const error = (await rejectionOf(client.getMe())) as KlarefiRateLimitError;
    expect(error).toBeInstanceOf(KlarefiRateLimitError);
    expect(error.retryAfterSeconds).toBe(90);
    expect(server.requests).toHaveLength(2);
    expect(delays[0]).toBeLessThanOrEqual(500);
  });
});

describe('the caller signal', () => {
  it('refuses to start with an aborted signal', async () => {
    const { client } = clientFor(server);
    const error = await rejectionOf(client.getMe({ signal: AbortSignal.abort(new Error('user left')) }));
    expect(error).toBeInstanceOf(KlarefiAbortError);
    expect(error.message).toBe('The call was aborted by its signal (GET /api/v1/me); it was not retried');
    expect((error.cause as Error).message).toBe('user left');
    expect(server.requests).toHaveLength(0);
  });

  it('aborts an attempt in flight at once, without retry', async () => {
    const { client } = clientFor(server);
    const controller = new AbortController();
    server.script((request) => {
      queueMicrotask(() => controller.abort());
      void request;
      return { action: 'hang' };
    });
    const error = await rejectionOf(
      client.createSession({ case_type_id: 'x' }, { signal: controller.signal }),
    );
    expect(error).toBeInstanceOf(KlarefiAbortError);
    expect(server.requests).toHaveLength(1);
  });

  it('aborts the wait between attempts', async () => {
    const client = new KlarefiClient({ apiKey: TEST_KEY, baseUrl: server.url });
    const controller = new AbortController();
    server.script(() => {
      setImmediate(() => controller.abort());
      return { status: 503, headers: { 'retry-after': '30' } };
    });
    const started = Date.now();
    const error = await rejectionOf(client.getMe({ signal: controller.signal }));
    expect(error).toBeInstanceOf(KlarefiAbortError);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.requests).toHaveLength(1);
  });

  it('lets an injected sleep be aborted too', async () => {
    const { clock } = recordingClock(NOW);
    const controller = new AbortController();
    const client = new KlarefiClient({
      apiKey: TEST_KEY,
      baseUrl: server.url,
      clock: {
        now: clock.now,
        sleep: async () => {
          controller.abort();
          throw new Error('sleep interrupted');
        },
      },
    });
    server.otherwise({ status: 500 });
    expect(await rejectionOf(client.getMe({ signal: controller.signal }))).toBeInstanceOf(KlarefiAbortError);
  });
});

describe('errors without retries left', () => {
  it('maps an exhausted 409 to the base KlarefiApiError', async () => {
    const { client } = clientFor(server);
    server.otherwise({ status: 409, json: { error: { type: 'conflict', message: 'busy' } } });
    const error = (await rejectionOf(client.getMe())) as KlarefiApiError;
    expect(error.constructor).toBe(KlarefiApiError);
    expect(error.status).toBe(409);
    expect(server.requests).toHaveLength(3);
  });
});
