import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKlarefiError, KlarefiError } from '../../src/errors/base.js';
import {
  isKlarefiApiError,
  KlarefiApiError,
  KlarefiAuthenticationError,
  KlarefiAuthorizationError,
  KlarefiBillingError,
  type KlarefiClient,
  KlarefiInternalError,
  KlarefiNotFoundError,
  KlarefiPreconditionError,
  KlarefiRateLimitError,
  KlarefiValidationError,
} from '../../src/client/index.js';
import { clientFor, envelope, type RecordingServer, rejectionOf, startRecordingServer } from './helpers.js';

let server: RecordingServer;
let client: KlarefiClient;

beforeEach(async () => {
  server = await startRecordingServer();
  ({ client } = clientFor(server, { maxRetries: 0 }));
});
afterEach(async () => {
  await server.close();
});

async function apiError(call: () => Promise<unknown>): Promise<KlarefiApiError> {
  const error = await rejectionOf(call());
  expect(error).toBeInstanceOf(KlarefiApiError);
  expect(error).toBeInstanceOf(KlarefiError);
  expect(isKlarefiError(error)).toBe(true);
  expect(isKlarefiApiError(error)).toBe(true);
  return error as KlarefiApiError;
}

describe('one class per documented error type', () => {
  it.each([
    [400, 'validation_error', KlarefiValidationError],
    [401, 'authentication_error', KlarefiAuthenticationError],
    [402, 'billing_error', KlarefiBillingError],
    [403, 'authorization_error', KlarefiAuthorizationError],
    [404, 'not_found', KlarefiNotFoundError],
    [428, 'precondition_error', KlarefiPreconditionError],
    [429, 'rate_limit_error', KlarefiRateLimitError],
    [500, 'internal_error', KlarefiInternalError],
  ] as const)(
    '%i %s → %o, with status, type, code, requestId and headers',
    async (status, type, ErrorClass) => {
      server.script(
        envelope(status, type, {
          code: 'some_code',
          message: 'What went wrong.',
          request_id: 'req_01HX',
          headers: { 'x-ratelimit-remaining': '0' },
        }),
      );
      const error = await apiError(() => client.createSession({ case_type_id: 'motor_claim' }));
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error.name).toBe(ErrorClass.name);
      expect(error.status).toBe(status);
      expect(error.type).toBe(type);
      expect(error.code).toBe('some_code');
      expect(error.requestId).toBe('req_01HX');
      expect(error.headers['x-ratelimit-remaining']).toBe('0');
      expect(error.method).toBe('POST');
      expect(error.path).toBe('/api/v1/sessions');
      expect(error.body).toEqual({
        error: { type, code: 'some_code', message: 'What went wrong.', request_id: 'req_01HX' },
      });
      expect(error.message).toMatch(
        new RegExp(
          `^Klarefi API answered ${status} .+ ${type}/some_code: What went wrong\\. \\(POST /api/v1/sessions, request req_01HX\\)$`,
        ),
      );
    },
  );

  it('maps by the envelope type before the status', async () => {
    server.script(envelope(400, 'rate_limit_error'), envelope(400, 'not_found'));
    expect(await apiError(() => client.getMe())).toBeInstanceOf(KlarefiRateLimitError);
    expect(await apiError(() => client.getMe())).toBeInstanceOf(KlarefiNotFoundError);
  });

  it('falls back to the status for an unknown type, and to the base class for an undocumented status', async () => {
    server.script(
      envelope(403, 'new_kind_of_error'),
      envelope(418, 'teapot_error'),
      envelope(503, 'maintenance'),
    );
    const forbidden = await apiError(() => client.getMe());
    expect(forbidden).toBeInstanceOf(KlarefiAuthorizationError);
    expect(forbidden.type).toBe('new_kind_of_error');
    const teapot = await apiError(() => client.getMe());
    expect(teapot.constructor).toBe(KlarefiApiError);
    expect(teapot.status).toBe(418);
    expect(await apiError(() => client.getMe())).toBeInstanceOf(KlarefiInternalError);
  });

  it('gives idempotency_key_conflict as a KlarefiValidationError code', async () => {
    server.script(
      envelope(400, 'validation_error', { code: 'idempotency_key_conflict', message: 'Key reused.' }),
    );
    const error = await apiError(() =>
      client.createSession({ case_type_id: 'motor_claim', idempotency_key: 'k' }),
    );
    expect(error).toBeInstanceOf(KlarefiValidationError);
    expect(error.code).toBe('idempotency_key_conflict');
  });
});

describe('bodies that are not the envelope', () => {
  it('types an HTML 502 from a proxy by its status', async () => {
    server.script({
      status: 502,
      headers: { 'content-type': 'text/html' },
      text: '<html><h1>502 Bad Gateway</h1></html>',
    });
    const error = await apiError(() => client.createSession({ case_type_id: 'motor_claim' }));
    expect(error).toBeInstanceOf(KlarefiInternalError);
    expect(error.message).toBe(
      'Klarefi API answered 502 Bad Gateway with a non-JSON body (POST /api/v1/sessions)',
    );
    expect([error.status, error.type, error.code, error.requestId]).toEqual([
      502,
      undefined,
      undefined,
      undefined,
    ]);
    expect(error.body).toBe('<html><h1>502 Bad Gateway</h1></html>');
  });

  it('types an empty 404 by its status', async () => {
    server.script({ status: 404 });
    const error = await apiError(() => client.getCase('missing'));
    expect(error).toBeInstanceOf(KlarefiNotFoundError);
    expect(error.message).toBe(
      'Klarefi API answered 404 Not Found with an empty body (GET /api/v1/cases/missing)',
    );
    expect(error.body).toBeUndefined();
  });

  it('says when a JSON body is not the envelope', async () => {
    server.script({ status: 401, json: { message: 'Unauthorized' } });
    const error = await apiError(() => client.getMe());
    expect(error).toBeInstanceOf(KlarefiAuthenticationError);
    expect(error.message).toBe(
      'Klarefi API answered 401 Unauthorized with a JSON body that is not a Klarefi error envelope (GET /api/v1/me)',
    );
    expect(error.body).toEqual({ message: 'Unauthorized' });
  });

  it('cuts a long text body short', async () => {
    server.script({ status: 500, text: 'x'.repeat(5000) });
    const error = await apiError(() => client.getMe());
    expect(String(error.body)).toHaveLength(1001);
  });
});

describe('request ids', () => {
  it('reads x-request-id, then request-id, when the envelope has none', async () => {
    server.script(
      { status: 500, headers: { 'x-request-id': 'req_from_x_header' }, text: 'oops' },
      { status: 404, headers: { 'request-id': 'req_from_header' }, json: { error: { type: 'not_found' } } },
    );
    const first = await apiError(() => client.getMe());
    expect(first.requestId).toBe('req_from_x_header');
    expect(first.message).toBe(
      'Klarefi API answered 500 Internal Server Error with a non-JSON body (GET /api/v1/me, request req_from_x_header)',
    );
    const second = await apiError(() => client.getMe());
    expect(second.requestId).toBe('req_from_header');
    expect(second.message).toBe(
      'Klarefi API answered 404 Not Found not_found: no message (GET /api/v1/me, request req_from_header)',
    );
  });

  it('prefers the envelope request_id to the header', async () => {
    server.script(
      envelope(403, 'authorization_error', {
        request_id: 'req_envelope',
        headers: { 'x-request-id': 'req_h' },
      }),
    );
    expect((await apiError(() => client.getMe())).requestId).toBe('req_envelope');
  });
});

describe('KlarefiRateLimitError.retryAfterSeconds', () => {
  it('comes from Retry-After, else from X-RateLimit-Reset, else is undefined', async () => {
    const resetIn = String(1_700_000_000 + 42);
    server.script(
      envelope(429, 'rate_limit_error', { headers: { 'retry-after': '7' } }),
      envelope(429, 'rate_limit_error', { headers: { 'x-ratelimit-reset': resetIn } }),
      envelope(429, 'rate_limit_error'),
    );
    const values: unknown[] = [];
    for (let index = 0; index < 3; index += 1) {
      const error = await apiError(() => client.getMe());
      values.push((error as KlarefiRateLimitError).retryAfterSeconds);
    }
    expect(values).toEqual([7, 42, undefined]);
  });
});
