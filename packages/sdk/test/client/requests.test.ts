import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KlarefiApiError, KlarefiArgumentError, KlarefiClient } from '../../src/client/index.js';
import { generateIdempotencyKey } from '../../src/client/idempotency.js';
import {
  clientFor,
  type RecordingServer,
  rejectionOf,
  sessionBody,
  startRecordingServer,
  TEST_KEY,
} from './helpers.js';

const GENERATED_KEY =
  /^klarefi-sdk-retry-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let server: RecordingServer;
let client: KlarefiClient;

beforeEach(async () => {
  server = await startRecordingServer();
  ({ client } = clientFor(server));
});
afterEach(async () => {
  await server.close();
});

function only() {
  expect(server.requests).toHaveLength(1);
  return server.requests[0]!;
}

function expectCommonHeaders(headers: Record<string, unknown>, authenticated = true): void {
  expect(headers.accept).toBe('application/json');
  expect(headers['x-klarefi-client']).toBe('klarefi-sdk-js/0.0.0');
  expect(headers['x-klarefi-retry-count']).toBe('0');
  expect(headers.authorization).toBe(authenticated ? `Bearer ${TEST_KEY}` : undefined);
}

describe('createSession', () => {
  const params = {
    case_type_id: 'motor_claim',
    ttl_hours: 24,
    locale: 'nl',
    return_url: 'https://insurer.example/claims/done',
    external_case_id: 'claim-81',
    external_applicant_id: 'user-7',
    external_customer_id: 'acct-3',
    trace_id: 'trace-1',
  };

  it('POSTs the snake_case body with a generated Idempotency-Key and returns the session', async () => {
    server.script({ status: 201, json: sessionBody({ future_field: { kept: true } }) });
    const session = await client.createSession(params);
    expect(session).toEqual(sessionBody({ future_field: { kept: true } }));
    const request = only();
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/v1/sessions');
    expect(request.headers['content-type']).toBe('application/json');
    expectCommonHeaders(request.headers);
    expect(request.headers['idempotency-key']).toMatch(GENERATED_KEY);
    expect(request.json).toEqual(params);
  });

  it('makes a new key for every logical call', async () => {
    server.otherwise({ status: 201, json: sessionBody() });
    await client.createSession({ case_type_id: 'motor_claim' });
    await client.createSession({ case_type_id: 'motor_claim' });
    const [first, second] = server.requests.map((request) => request.headers['idempotency-key']);
    expect(first).toMatch(GENERATED_KEY);
    expect(second).toMatch(GENERATED_KEY);
    expect(first).not.toBe(second);
  });

  it('sends a body idempotency_key both in the body and as the header', async () => {
    server.script({ status: 201, json: sessionBody() });
    await client.createSession({ case_type_id: 'motor_claim', idempotency_key: 'claim-81-start' });
    const request = only();
    expect(request.headers['idempotency-key']).toBe('claim-81-start');
    expect(request.json).toEqual({ case_type_id: 'motor_claim', idempotency_key: 'claim-81-start' });
  });

  it('sends options.idempotencyKey as the header only', async () => {
    server.script({ status: 201, json: sessionBody() });
    await client.createSession({ case_type_id: 'motor_claim' }, { idempotencyKey: 'order-99' });
    const request = only();
    expect(request.headers['idempotency-key']).toBe('order-99');
    expect(request.json).toEqual({ case_type_id: 'motor_claim' });
  });

  it('refuses two different keys before sending', async () => {
    const error = await rejectionOf(
      client.createSession({ case_type_id: 'motor_claim', idempotency_key: 'a' }, { idempotencyKey: 'b' }),
    );
    expect(error).toBeInstanceOf(KlarefiArgumentError);
    expect(error.message).toMatch(/params.idempotency_key and options.idempotencyKey differ/);
    expect(server.requests).toHaveLength(0);
  });

  it('treats a replay (200, idempotent_replay: true) as a success', async () => {
    server.script({ status: 200, json: sessionBody({ idempotent_replay: true }) });
    const session = await client.createSession({ case_type_id: 'motor_claim' }, { idempotencyKey: 'k1' });
    expect(session.idempotent_replay).toBe(true);
    expect(session.session_id).toBe('0b8e4c8a-5d2f-4a47-9a53-8f0f8e3b7c11');
  });

  it('passes fields it does not know through, and leaves undefined ones out', async () => {
    server.script({ status: 201, json: sessionBody() });
    await client.createSession({ case_type_id: 'motor_claim', locale: undefined, brand: 'acme' } as never);
    expect(only().json).toEqual({ case_type_id: 'motor_claim', brand: 'acme' });
  });

  it.each([
    [undefined, /createSession: params must be an object, got undefined/],
    [null, /createSession: params must be an object, got null/],
    [{}, /createSession: case_type_id is required and must be a non-empty string \(a case type configured/],
    [{ case_type_id: '  ' }, /case_type_id is required/],
    [{ case_type_id: 'motor_claim', ttl_hours: 0 }, /ttl_hours must be a positive number of hours, got 0/],
    [
      { case_type_id: 'motor_claim', ttl_hours: '24' },
      /ttl_hours must be a positive number of hours, got a string/,
    ],
    [
      { case_type_id: 'motor_claim', locale: 5 },
      /locale must be a string when given \(leave it out otherwise\), got 5/,
    ],
    [{ case_type_id: 'motor_claim', external_case_id: null }, /external_case_id must be a string when given/],
    [
      { case_type_id: 'motor_claim', idempotency_key: 'two\nlines' },
      /params.idempotency_key must be a non-empty/,
    ],
  ])('refuses params %j before sending', async (params, pattern) => {
    const error = await rejectionOf(client.createSession(params as never));
    expect(error).toBeInstanceOf(KlarefiArgumentError);
    expect(error.message).toMatch(pattern);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [{ timeoutMs: 0 }, /createSession: options.timeoutMs must be a positive number/],
    [{ maxRetries: 20 }, /createSession: options.maxRetries must be a whole number from 0 to 10/],
    [{ signal: 'stop' }, /createSession: options.signal must be an AbortSignal/],
    [{ idempotencyKey: '' }, /options.idempotencyKey must be a non-empty string/],
    ['fast', /createSession: options must be an object, got a string/],
  ])('refuses call options %j before sending', async (options, pattern) => {
    const error = await rejectionOf(client.createSession({ case_type_id: 'motor_claim' }, options as never));
    expect(error).toBeInstanceOf(KlarefiArgumentError);
    expect(error.message).toMatch(pattern);
    expect(server.requests).toHaveLength(0);
  });
});

describe('processDocument', () => {
  it('POSTs /process with a generated key and returns the job', async () => {
    const job = { case_id: 'c1', doc_id: 'd1', job_id: 'j1', status: 'queued', idempotent_replay: false };
    server.script({ status: 201, json: job });
    const params = {
      document_url: 'https://files.example/claim.pdf',
      case_type_id: 'motor_claim',
      trace_id: 't',
    };
    expect(await client.processDocument(params)).toEqual(job);
    const request = only();
    expect([request.method, request.path]).toEqual(['POST', '/api/v1/process']);
    expect(request.headers['idempotency-key']).toMatch(GENERATED_KEY);
    expectCommonHeaders(request.headers);
    expect(request.json).toEqual(params);
  });

  it('refuses a missing document_url and a per-request webhook_url before sending', async () => {
    const missing = await rejectionOf(client.processDocument({ case_type_id: 'motor_claim' } as never));
    expect(missing.message).toMatch(/processDocument: document_url is required/);
    const webhook = await rejectionOf(
      client.processDocument({
        document_url: 'https://files.example/a.pdf',
        case_type_id: 'motor_claim',
        webhook_url: 'https://me.example/hook',
      } as never),
    );
    expect(webhook.message).toMatch(/webhook_url is not supported per request; register webhook endpoints/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('case reads', () => {
  it('getCase GETs the case, encoding the id, with no body and no key', async () => {
    const body = { case_id: 'a/b c', org_id: 'org_1', status: 'needs_review', features: {} };
    server.script({ status: 200, json: body });
    expect(await client.getCase('a/b c')).toEqual(body);
    const request = only();
    expect([request.method, request.path, request.body]).toEqual(['GET', '/api/v1/cases/a%2Fb%20c', '']);
    expectCommonHeaders(request.headers);
    expect(request.headers['content-type']).toBeUndefined();
    expect(request.headers['idempotency-key']).toBeUndefined();
  });

  it('getCaseEvents sends after_cursor only when given', async () => {
    server.otherwise({ status: 200, json: { case_id: 'c1', events: [], next_cursor: null } });
    await client.getCaseEvents('c1');
    await client.getCaseEvents('c1', { after_cursor: 0 });
    await client.getCaseEvents('c1', { after_cursor: 17 });
    expect(server.requests.map((request) => `${request.path}?${request.query}`)).toEqual([
      '/api/v1/cases/c1/events?',
      '/api/v1/cases/c1/events?after_cursor=0',
      '/api/v1/cases/c1/events?after_cursor=17',
    ]);
  });

  it('getCasePackage GETs the package', async () => {
    const body = { case_id: 'c1', case_file_url: null, facts: {}, documents: [] };
    server.script({ status: 200, json: body });
    expect(await client.getCasePackage('c1')).toEqual(body);
    expect(only().path).toBe('/api/v1/cases/c1/package');
  });

  it.each([
    [
      '',
      /getCase: caseId must be a non-empty string \(the session_id that createSession returned\), got an empty/,
    ],
    [undefined, /caseId must be a non-empty string .* got undefined/],
    [42, /caseId must be a non-empty string .* got 42/],
    [' c1', /caseId has whitespace at its start or end; trim it/],
    ['..', /caseId cannot be "\.\."/],
    ['.', /caseId cannot be "\."/],
  ])('refuses case id %j before sending', async (caseId, pattern) => {
    const error = await rejectionOf(client.getCase(caseId as never));
    expect(error).toBeInstanceOf(KlarefiArgumentError);
    expect(error.message).toMatch(pattern);
    expect(server.requests).toHaveLength(0);
  });

  it.each([-1, 1.5, '3'])('refuses after_cursor %j', async (after_cursor) => {
    const error = await rejectionOf(client.getCaseEvents('c1', { after_cursor } as never));
    expect(error.message).toMatch(/getCaseEvents: after_cursor must be a whole number ≥ 0/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('deleteDocument', () => {
  const receipt = { doc_id: 'd1', audit_id: 'a1', completed: false, batch_count: 8, batch_limit: 100 };

  it.each([200, 202])('returns the receipt with status_code %i', async (status) => {
    server.script({ status, json: { erasure_receipt: receipt } });
    expect(await client.deleteDocument('d1')).toEqual({ erasure_receipt: receipt, status_code: status });
    const request = only();
    expect([request.method, request.path, request.body]).toEqual(['DELETE', '/api/v1/documents/d1', '']);
    expectCommonHeaders(request.headers);
  });
});

describe('webhooks, me and health', () => {
  it('sendTestWebhook POSTs an empty object by default, or the given params', async () => {
    server.otherwise({ status: 202, json: { event_id: 'evt_1', event_type: 'v1.webhook.test' } });
    expect(await client.sendTestWebhook()).toEqual({ event_id: 'evt_1', event_type: 'v1.webhook.test' });
    await client.sendTestWebhook({ endpoint_id: 'we_1' });
    const [first, second] = server.requests;
    expect([first!.method, first!.path, first!.json]).toEqual(['POST', '/api/v1/webhooks/test', {}]);
    expect(first!.headers['content-type']).toBe('application/json');
    expect(first!.headers['idempotency-key']).toBeUndefined();
    expect(second!.json).toEqual({ endpoint_id: 'we_1' });
  });

  it('acknowledgeDelivery POSTs to the encoded delivery path with the acknowledgement id', async () => {
    server.otherwise({ status: 200, json: { delivery_id: 'whd_1', acknowledgement_id: 'ack-1' } });
    expect(await client.acknowledgeDelivery('whd_1', { acknowledgement_id: 'ack-1' })).toEqual({
      delivery_id: 'whd_1',
      acknowledgement_id: 'ack-1',
    });
    await client.acknowledgeDelivery('whd/2', {}, { idempotencyKey: 'ack-2' });
    const [first, second] = server.requests;
    expect([first!.path, first!.json]).toEqual([
      '/api/v1/webhooks/deliveries/whd_1/ack',
      { acknowledgement_id: 'ack-1' },
    ]);
    expect([second!.path, second!.json]).toEqual(['/api/v1/webhooks/deliveries/whd%2F2/ack', {}]);
    expect(second!.headers['idempotency-key']).toBe('ack-2');
    const bad = await rejectionOf(client.acknowledgeDelivery('whd_3', { acknowledgement_id: 7 } as never));
    expect(bad.message).toMatch(/acknowledgeDelivery: acknowledgement_id must be a string when given/);
  });

  it('getMe sends the key; getHealth does not', async () => {
    server.script(
      { status: 200, json: { org_id: 'org_1', environment: 'test' } },
      { status: 200, json: { status: 'ok' } },
    );
    expect(await client.getMe()).toEqual({ org_id: 'org_1', environment: 'test' });
    expect(await client.getHealth()).toEqual({ status: 'ok' });
    const [me, health] = server.requests;
    expect([me!.method, me!.path]).toEqual(['GET', '/api/v1/me']);
    expectCommonHeaders(me!.headers);
    expect([health!.method, health!.path]).toEqual(['GET', '/api/v1/health']);
    expectCommonHeaders(health!.headers, false);
  });
});

describe('transport details', () => {
  it('keeps a path prefix of baseUrl, given with a trailing slash', async () => {
    ({ client } = clientFor(server, { baseUrl: `${server.url}/gateway/` }));
    server.script({ status: 200, json: { status: 'ok' } });
    await client.getHealth();
    expect(only().path).toBe('/gateway/api/v1/health');
  });

  it('uses the fetch option, called as a plain function', async () => {
    const seen: Array<{ url: string; self: unknown }> = [];
    const fetch = function (this: unknown, url: string, init: RequestInit) {
      seen.push({ url, self: this });
      return globalThis.fetch(url, init);
    };
    ({ client } = clientFor(server, { fetch }));
    server.script({ status: 200, json: { org_id: 'o', environment: 'test' } });
    await client.getMe();
    expect(seen).toEqual([{ url: `${server.url}/api/v1/me`, self: undefined }]);
  });

  it('answers an empty 2xx body with an empty object', async () => {
    server.script({ status: 200 });
    expect(await client.acknowledgeDelivery('whd_1')).toEqual({});
  });

  it('reports a 2xx that is not JSON, pointing at baseUrl', async () => {
    server.script({ status: 200, headers: { 'content-type': 'text/html' }, text: '<html>welcome</html>' });
    const error = (await rejectionOf(client.getMe())) as KlarefiApiError;
    expect(error).toBeInstanceOf(KlarefiApiError);
    expect(error.status).toBe(200);
    expect(error.message).toBe(
      'Klarefi API answered 200 OK with a non-JSON body (GET /api/v1/me); check that baseUrl points at the Klarefi API',
    );
  });

  it('does not follow a redirect (the key must not travel to another host)', async () => {
    server.script({ status: 302, headers: { location: 'http://127.0.0.1:1/elsewhere' } });
    const error = (await rejectionOf(client.getMe())) as KlarefiApiError;
    expect(error.constructor).toBe(KlarefiApiError);
    expect(error.status).toBe(302);
    expect(error.message).toBe(
      'Klarefi API answered 302 Found redirecting to http://127.0.0.1:1/elsewhere (GET /api/v1/me); ' +
        'the client does not follow redirects: check baseUrl',
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe('generateIdempotencyKey', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('makes a v4 UUID key without a global Web Crypto (Node 18)', () => {
    vi.stubGlobal('crypto', undefined);
    const keys = new Set(Array.from({ length: 50 }, () => generateIdempotencyKey()));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(GENERATED_KEY);
  });
});
