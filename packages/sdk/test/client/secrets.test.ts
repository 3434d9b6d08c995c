import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KlarefiConfigError } from '../../src/errors/base.js';
import {
  KlarefiAbortError,
  KlarefiApiError,
  KlarefiArgumentError,
  KlarefiClient,
  type KlarefiClientOptions,
  KlarefiConnectionError,
  KlarefiTimeoutError,
} from '../../src/client/index.js';
import {
  clientFor,
  envelope,
  type RecordingServer,
  refusedUrl,
  rejectionOf,
  startRecordingServer,
  TEST_KEY,
} from './helpers.js';

const BEARER = `Bearer ${TEST_KEY}`;

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(async () => {
  await server.close();
});

/** Every view of an error a log line or a bug report could show. */
function views(error: unknown): string[] {
  const err = error as Error;
  const shown = [
    err.message,
    String(err.stack),
    String(err),
    JSON.stringify(err),
    inspect(err, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
  ];
  let cause: unknown = err.cause;
  for (let depth = 0; cause !== undefined && cause !== null && depth < 6; depth += 1) {
    shown.push(String(cause), JSON.stringify(cause) ?? '', String((cause as Error).stack));
    shown.push(inspect(cause, { showHidden: true, depth: Number.POSITIVE_INFINITY }));
    cause = (cause as Error).cause;
  }
  return shown;
}

function expectNoKey(error: unknown): void {
  for (const view of views(error)) {
    expect(view).not.toContain(TEST_KEY);
    expect(view).not.toContain(TEST_KEY.slice(8));
  }
}

function throwingFetch(thrown: () => unknown): KlarefiClientOptions['fetch'] {
  return async () => {
    throw thrown();
  };
}

const clientWith = (options: Partial<KlarefiClientOptions>) =>
  clientFor(server, { maxRetries: 0, ...options }).client;

describe('the API key never appears in an error', () => {
  it('not in configuration errors', () => {
    for (const apiKey of [
      `${TEST_KEY}\n`,
      `Bearer ${TEST_KEY}`,
      TEST_KEY.replace('sk_test_', 'pk_test_'),
      `${TEST_KEY} x`,
    ]) {
      let caught: unknown;
      try {
        new KlarefiClient({ apiKey });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(KlarefiConfigError);
      expectNoKey(caught);
    }
  });

  it('not in argument errors, even when the key is passed as an argument by mistake', async () => {
    const client = clientWith({});
    for (const call of [
      () => client.getCase(` ${TEST_KEY}`),
      () => client.createSession({ case_type_id: 'x', idempotency_key: `${TEST_KEY}\n` }),
      () => client.createSession({ case_type_id: 42 } as never),
    ]) {
      const error = await rejectionOf(call());
      expect(error).toBeInstanceOf(KlarefiArgumentError);
      expectNoKey(error);
    }
  });

  it.each([
    [400, 'validation_error'],
    [401, 'authentication_error'],
    [402, 'billing_error'],
    [403, 'authorization_error'],
    [404, 'not_found'],
    [428, 'precondition_error'],
    [429, 'rate_limit_error'],
    [500, 'internal_error'],
    [418, 'unknown_error'],
  ])('not in a %i %s whose body and headers echo the key', async (status, type) => {
    server.script(
      envelope(status, type, {
        message: `Invalid header Authorization: ${BEARER}`,
        request_id: `req_${TEST_KEY}`,
        headers: { 'x-echo-authorization': BEARER },
      }),
    );
    const error = (await rejectionOf(clientWith({}).getMe())) as KlarefiApiError;
    expect(error).toBeInstanceOf(KlarefiApiError);
    expectNoKey(error);
    expect(error.message).toContain('Invalid header Authorization: Bearer sk_test_[redacted]');
    expect(error.headers['x-echo-authorization']).toBe('Bearer sk_test_[redacted]');
  });

  it('not in a non-JSON error body that echoes the key', async () => {
    server.script({ status: 502, text: `<pre>${BEARER}</pre>` });
    const error = (await rejectionOf(clientWith({}).getMe())) as KlarefiApiError;
    expectNoKey(error);
    expect(error.body).toBe('<pre>Bearer sk_test_[redacted]</pre>');
  });

  it('not in a connection error whose fetch message holds the Authorization header', async () => {
    const error = await rejectionOf(
      clientWith({
        fetch: throwingFetch(() => new TypeError(`invalid header value: Authorization: ${BEARER}`)),
      }).getMe(),
    );
    expect(error).toBeInstanceOf(KlarefiConnectionError);
    expectNoKey(error);
    expect(error.message).toContain('invalid header value: Authorization: Bearer sk_test_[redacted]');
    expect((error.cause as Error).name).toBe('TypeError');
  });

  it('not in nested causes, own properties or objects hanging off the cause', async () => {
    const root = Object.assign(new Error(`socket closed while sending ${BEARER}`), {
      code: 'ECONNRESET',
      request: { headers: { authorization: BEARER } },
    });
    const error = await rejectionOf(
      clientWith({ fetch: throwingFetch(() => new TypeError('fetch failed', { cause: root })) }).getMe(),
    );
    expectNoKey(error);
    expect(error.message).toMatch(
      /fetch failed \(ECONNRESET: socket closed while sending Bearer sk_test_\[redacted\]\)/,
    );
    const cause = (error.cause as Error).cause as Error & { code?: string };
    expect(cause.code).toBe('ECONNRESET');
  });

  // ky- and ofetch-style wrappers attach the request itself: what util.inspect prints is what counts.
  it.each([
    [
      'a Request',
      () => ({ request: new Request('http://127.0.0.1/x', { headers: { authorization: BEARER } }) }),
    ],
    ['a Headers', () => ({ headers: new Headers({ authorization: BEARER }) })],
    ['a Map', () => ({ options: new Map([['authorization', BEARER]]) })],
    ['a symbol-keyed property', () => ({ [Symbol('request')]: { authorization: BEARER } })],
  ])('not in a wrapper error that carries %s', async (_label, extra) => {
    const error = await rejectionOf(
      clientWith({ fetch: throwingFetch(() => Object.assign(new Error('HTTPError'), extra())) }).getMe(),
    );
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(TEST_KEY);
    expectNoKey(error);
  });

  it('not when fetch throws a plain string', async () => {
    const error = await rejectionOf(clientWith({ fetch: throwingFetch(() => `bad auth ${BEARER}`) }).getMe());
    expect(error).toBeInstanceOf(KlarefiConnectionError);
    expectNoKey(error);
  });

  it('keeps a harmless cause as it is', async () => {
    const original = new Error('getaddrinfo ENOTFOUND api.klarefi.invalid');
    const error = await rejectionOf(clientWith({ fetch: throwingFetch(() => original) }).getMe());
    expect(error.cause).toBe(original);
  });

  it('not in a real refused connection, a timeout or an abort', async () => {
    const refused = new KlarefiClient({ apiKey: TEST_KEY, baseUrl: await refusedUrl(), maxRetries: 0 });
    const connection = await rejectionOf(refused.getMe());
    expect(connection).toBeInstanceOf(KlarefiConnectionError);
    expectNoKey(connection);

    server.script({ action: 'hang' });
    const timeout = await rejectionOf(clientWith({ timeoutMs: 30 }).getMe());
    expect(timeout).toBeInstanceOf(KlarefiTimeoutError);
    expectNoKey(timeout);

    const abort = await rejectionOf(
      clientWith({}).getMe({ signal: AbortSignal.abort(new Error(`stop ${BEARER}`)) }),
    );
    expect(abort).toBeInstanceOf(KlarefiAbortError);
    expectNoKey(abort);
  });

  it('not in the views of the client itself', () => {
    const client = clientWith({});
    for (const view of [
      JSON.stringify(client),
      inspect(client, { showHidden: true, depth: 10 }),
      String(client),
    ]) {
      expect(view).not.toContain(TEST_KEY);
    }
  });
});
