import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { api, createSession, fillMotorClaim, manualClock } from './helpers.js';

const READ_ONLY_KEY = 'sk_test_read_only_key_0001';
const clock = manualClock();
let emu: RunningEmulator;
let call: ReturnType<typeof api>;

beforeAll(async () => {
  emu = await startEmulator({
    now: clock.now,
    additionalKeys: [{ apiKey: READ_ONLY_KEY, scopes: ['cases:read'] }],
  });
  call = api(emu);
});
afterAll(() => emu.close());

async function expectError(res: Response, status: number, type: string, code: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: Record<string, string> };
  expect(body.error).toMatchObject({ type, code });
  expect(body.error.message?.length).toBeGreaterThan(10);
  expect(body.error.request_id).toMatch(/^req_[0-9A-Z]{26}$/);
  expect(res.headers.get('x-request-id')).toBe(body.error.request_id);
  return body.error;
}

describe('GET /health and /me', () => {
  it('health needs no key and carries a request id but no rate-limit headers', async () => {
    const res = await fetch(`${emu.url}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(res.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('me answers the org and the test environment, with rate-limit headers', async () => {
    const res = await call('/me');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ org_id: 'org_emulator', environment: 'test' });
    expect(res.headers.get('x-ratelimit-limit')).toBe('600');
    expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeLessThan(600);
    expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(clock.now() / 1000);
  });
});

describe('authentication and scopes', () => {
  it('401 without a key', async () => {
    await expectError(await fetch(`${emu.url}/api/v1/me`), 401, 'authentication_error', 'missing_api_key');
  });

  it('401 for a malformed header or an unknown key', async () => {
    const basic = await fetch(`${emu.url}/api/v1/me`, { headers: { authorization: 'Basic abc' } });
    await expectError(basic, 401, 'authentication_error', 'invalid_authorization_header');
    await expectError(
      await call('/me', { key: 'sk_test_wrong_key' }),
      401,
      'authentication_error',
      'invalid_api_key',
    );
  });

  it('401 for a live key, saying the emulator accepts only test keys, never echoing the key', async () => {
    const key = 'sk_live_really_secret_123';
    const error = await expectError(
      await call('/me', { key }),
      401,
      'authentication_error',
      'live_key_not_accepted',
    );
    expect(error.message).toMatch(/only test keys \(sk_test_…\)/);
    expect(JSON.stringify(error)).not.toContain(key);
  });

  it('403 for a key without the scope; the same key reads what it may', async () => {
    const res = await call('/sessions', {
      method: 'POST',
      key: READ_ONLY_KEY,
      json: { case_type_id: 'motor_claim' },
    });
    const error = await expectError(res, 403, 'authorization_error', 'missing_scope');
    expect(error.message).toContain('intake:sessions:create');
    expect((await call('/me', { key: READ_ONLY_KEY })).status).toBe(200);
  });

  it('404 in the envelope for an unknown route', async () => {
    await expectError(await call('/nope'), 404, 'not_found', 'route_not_found');
  });
});

describe('POST /sessions', () => {
  it('201 with session_id, signed_url, expires_at (default 168 h), snippet', async () => {
    const res = await call('/sessions', {
      method: 'POST',
      headers: { 'idempotency-key': 'create-1' },
      json: { case_type_id: 'motor_claim', locale: 'nl' },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, string | boolean>;
    expect(body.session_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(body.signed_url).toMatch(
      new RegExp(`^${emu.url}/s/${body.session_id}\\?token=[A-Za-z0-9_-]{20,}$`),
    );
    expect(body.expires_at).toBe(new Date(clock.now() + 168 * 3_600_000).toISOString());
    expect(body.snippet).toContain(JSON.stringify(body.signed_url));
    expect(body.snippet).toMatch(/^<script>window\.location\.href = .*;<\/script>$/);
    expect(body.idempotent_replay).toBe(false);
  });

  it('replays the same key and parameters with 200 and the original session', async () => {
    const init = {
      method: 'POST',
      json: { case_type_id: 'travel_claim', ttl_hours: 2, idempotency_key: 'replay-1' },
    };
    const first = (await (await call('/sessions', init)).json()) as Record<string, unknown>;
    const res = await call('/sessions', init);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...first, idempotent_replay: true });
  });

  it('400 idempotency_key_conflict for the same key with other parameters', async () => {
    await call('/sessions', {
      method: 'POST',
      json: { case_type_id: 'motor_claim', idempotency_key: 'conflict-1' },
    });
    const res = await call('/sessions', {
      method: 'POST',
      json: { case_type_id: 'motor_claim', locale: 'nl', idempotency_key: 'conflict-1' },
    });
    await expectError(res, 400, 'validation_error', 'idempotency_key_conflict');
  });

  it('takes the body key over the header key', async () => {
    const json = { case_type_id: 'motor_claim', idempotency_key: 'body-wins' };
    const first = await call('/sessions', {
      method: 'POST',
      headers: { 'idempotency-key': 'header-a' },
      json,
    });
    expect(first.status).toBe(201);
    const second = await call('/sessions', {
      method: 'POST',
      headers: { 'idempotency-key': 'header-b' },
      json,
    });
    expect(second.status).toBe(200);
    const byHeader = await call('/sessions', {
      method: 'POST',
      headers: { 'idempotency-key': 'header-a' },
      json: { case_type_id: 'motor_claim' },
    });
    expect(byHeader.status).toBe(201);
  });

  it('sets expires_at from ttl_hours', async () => {
    const s = await createSession(emu, { ttl_hours: 1 });
    expect(s.expires_at).toBe(new Date(clock.now() + 3_600_000).toISOString());
  });

  it.each([
    [{ idempotency_key: 'v1' }, 'missing_case_type_id'],
    [{ case_type_id: 'boat_claim', idempotency_key: 'v2' }, 'unknown_case_type'],
    [{ case_type_id: 42, idempotency_key: 'v3' }, 'invalid_case_type_id'],
    [{ case_type_id: 'motor_claim' }, 'missing_idempotency_key'],
    [{ case_type_id: 'motor_claim', idempotency_key: '' }, 'invalid_idempotency_key'],
    [{ case_type_id: 'motor_claim', idempotency_key: 'v4', ttl_hours: 0 }, 'invalid_ttl_hours'],
    [{ case_type_id: 'motor_claim', idempotency_key: 'v5', ttl_hours: 721 }, 'invalid_ttl_hours'],
    [{ case_type_id: 'motor_claim', idempotency_key: 'v6', ttl_hours: 1.5 }, 'invalid_ttl_hours'],
    [{ case_type_id: 'motor_claim', idempotency_key: 'v7', ttl_hours: '24' }, 'invalid_ttl_hours'],
    [{ case_type_id: 'motor_claim', idempotency_key: 'v8', locale: 'nl_NL!' }, 'invalid_locale'],
    [{ case_type_id: 'motor_claim', idempotency_key: 'v9', return_url: '/done' }, 'invalid_return_url'],
    [
      { case_type_id: 'motor_claim', idempotency_key: 'v10', return_url: 'javascript:alert(1)' },
      'invalid_return_url',
    ],
    [
      { case_type_id: 'motor_claim', idempotency_key: 'v11', external_case_id: 7 },
      'invalid_external_case_id',
    ],
    [{ case_type_id: 'motor_claim', idempotency_key: 'v12', trace_id: 'x'.repeat(300) }, 'invalid_trace_id'],
    [
      { case_type_id: 'motor_claim', idempotency_key: 'v13', webhook_url: 'https://x.test/' },
      'webhook_url_not_supported',
    ],
  ])('400 for %j (%s)', async (json, code) => {
    await expectError(await call('/sessions', { method: 'POST', json }), 400, 'validation_error', code);
  });

  it('names the known case types when the case type is unknown', async () => {
    const res = await call('/sessions', {
      method: 'POST',
      json: { case_type_id: 'boat', idempotency_key: 'u' },
    });
    const error = await expectError(res, 400, 'validation_error', 'unknown_case_type');
    expect(error.message).toContain('motor_claim, travel_claim, home_contents_claim');
  });

  it('400 for a body that is not JSON or not an object', async () => {
    const headers = { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json' };
    const bad = await fetch(`${emu.url}/api/v1/sessions`, {
      method: 'POST',
      headers,
      body: '{"case_type_id":',
    });
    await expectError(bad, 400, 'validation_error', 'invalid_json');
    const list = await fetch(`${emu.url}/api/v1/sessions`, { method: 'POST', headers, body: '[]' });
    await expectError(list, 400, 'validation_error', 'invalid_body');
  });
});

describe('cases', () => {
  it('GET /cases/{id}: created, then completed with features after the form is submitted', async () => {
    const s = await createSession(emu, { external_case_id: 'CLM-1', trace_id: 'trc_1' });
    const before = (await (await call(`/cases/${s.session_id}`)).json()) as Record<string, unknown>;
    expect(before).toMatchObject({
      case_id: s.session_id,
      org_id: 'org_emulator',
      status: 'created',
      features: {},
      external_case_id: 'CLM-1',
      trace_id: 'trc_1',
    });
    expect((await fillMotorClaim(s.signed_url)).status).toBe(303);
    const after = (await (await call(`/cases/${s.session_id}`)).json()) as Record<string, any>;
    expect(after.status).toBe('completed');
    expect(after.features.incident_date.candidates[0]).toMatchObject({
      value_raw: '3 februari 2023',
      value_normalized: '2023-02-03',
    });
    expect(after.features.damage_amount.candidates[0].value_normalized).toEqual({
      amount: 1234.56,
      currency: 'EUR',
    });
    expect(after.features.license_plate.decision.decision).toBe('keep');
  });

  it('404 not_found for an unknown case', async () => {
    await expectError(
      await call('/cases/00000000-0000-4000-8000-000000000000'),
      404,
      'not_found',
      'case_not_found',
    );
  });

  it('GET /cases/{id}/events pages by cursor, next_cursor null at the end', async () => {
    const s = await createSession(emu);
    await fillMotorClaim(s.signed_url);
    const page = (await (await call(`/cases/${s.session_id}/events?after_cursor=0`)).json()) as Record<
      string,
      any
    >;
    expect(page.case_id).toBe(s.session_id);
    expect(page.events.map((e: { event_type: string }) => e.event_type)).toEqual([
      'v1.intake.session_created',
      'v1.intake.submitted',
      'v1.case.processing',
      'v1.case.completed',
    ]);
    expect(page.events.map((e: { cursor: number }) => e.cursor)).toEqual([1, 2, 3, 4]);
    expect(page.events[0]).toEqual({
      event_id: expect.stringMatching(/^evt_[0-9A-Z]{26}$/),
      event_type: 'v1.intake.session_created',
      cursor: 1,
      created_at: expect.any(String),
    });
    expect(page.next_cursor).toBeNull();
    const rest = (await (await call(`/cases/${s.session_id}/events?after_cursor=2`)).json()) as Record<
      string,
      any
    >;
    expect(rest.events.map((e: { cursor: number }) => e.cursor)).toEqual([3, 4]);
    const none = (await (await call(`/cases/${s.session_id}/events?after_cursor=4`)).json()) as Record<
      string,
      any
    >;
    expect(none).toEqual({ case_id: s.session_id, events: [], next_cursor: null });
    await expectError(
      await call(`/cases/${s.session_id}/events?after_cursor=-1`),
      400,
      'validation_error',
      'invalid_after_cursor',
    );
  });

  it('GET /cases/{id}/package lists facts and documents', async () => {
    const s = await createSession(emu);
    await fillMotorClaim(s.signed_url);
    const pkg = (await (await call(`/cases/${s.session_id}/package`)).json()) as Record<string, any>;
    expect(pkg.case_id).toBe(s.session_id);
    expect(pkg.case_file_url).toBeNull();
    expect(pkg.facts.incident_date).toMatchObject({
      value: '2023-02-03',
      value_raw: '3 februari 2023',
      decision: 'keep',
    });
    expect(pkg.facts.license_plate.value).toBe('AB-123-C');
    expect(pkg.documents).toEqual([
      expect.objectContaining({
        doc_id: expect.stringMatching(/^doc_/),
        source: 'form_answers',
        filename: 'form-answers.txt',
      }),
    ]);
  });
});

describe('rate limit', () => {
  it('429 rate_limit_error with Retry-After past the per-minute limit, then a fresh window', async () => {
    const start = Math.floor(Date.now() / 60_000) * 60_000 + 45_000;
    const local = manualClock(start);
    const limited = await startEmulator({ now: local.now, rateLimitPerMinute: 3 });
    const get = api(limited);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await get('/me');
      expect(res.status).toBe(200);
      remaining.push(res.headers.get('x-ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const res = await get('/me');
    await expectError(res, 429, 'rate_limit_error', 'rate_limit_exceeded');
    expect(res.headers.get('retry-after')).toBe('15');
    expect(res.headers.get('x-ratelimit-limit')).toBe('3');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(res.headers.get('x-ratelimit-reset')).toBe(String((start + 15_000) / 1000));
    expect((await fetch(`${limited.url}/api/v1/health`)).status).toBe(200);
    local.advance(15_000);
    const fresh = await get('/me');
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('x-ratelimit-remaining')).toBe('2');
    await limited.close();
  });
});

describe('POST /process and DELETE /documents/{id}', () => {
  it('201 queued, 200 on replay, and the case ends in needs_review', async () => {
    const json = {
      document_url: 'https://files.example.com/claim.pdf',
      case_type_id: 'motor_claim',
      idempotency_key: 'p1',
    };
    const res = await call('/process', { method: 'POST', json });
    expect(res.status).toBe(201);
    const job = (await res.json()) as Record<string, string>;
    expect(job).toMatchObject({ status: 'queued', idempotent_replay: false });
    expect(job.doc_id).toMatch(/^doc_/);
    expect(job.job_id).toMatch(/^job_/);
    const replay = await call('/process', { method: 'POST', json });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ ...job, idempotent_replay: true });
    const c = (await (await call(`/cases/${job.case_id}`)).json()) as Record<string, any>;
    expect(c.status).toBe('needs_review');
    expect(c.features.incident_date.decision.decision).toBe('needs_review');
  });

  it.each([
    ['http://files.example.com/a.pdf'],
    ['https://localhost/a.pdf'],
    ['https://127.0.0.1/a.pdf'],
    ['https://10.1.2.3/a.pdf'],
    ['https://192.168.0.10/a.pdf'],
    ['https://172.20.0.1/a.pdf'],
    ['https://169.254.169.254/latest'],
    ['https://[::1]/a.pdf'],
    ['https://[fd00::1]/a.pdf'],
    ['https://printer.local/a.pdf'],
    ['https://intranet/a.pdf'],
  ])('refuses document_url %s', async (url) => {
    const res = await call('/process', {
      method: 'POST',
      json: { document_url: url, case_type_id: 'motor_claim', idempotency_key: `bad-${url}` },
    });
    await expectError(res, 400, 'validation_error', 'invalid_document_url');
  });

  it('refuses a per-request webhook_url and a missing document_url', async () => {
    const base = { case_type_id: 'motor_claim', idempotency_key: 'w1' };
    await expectError(
      await call('/process', {
        method: 'POST',
        json: { ...base, document_url: 'https://x.example.com/a', webhook_url: 'https://x.example.com/h' },
      }),
      400,
      'validation_error',
      'webhook_url_not_supported',
    );
    await expectError(
      await call('/process', { method: 'POST', json: base }),
      400,
      'validation_error',
      'missing_document_url',
    );
  });

  it('erases a document with a receipt, then 404', async () => {
    const json = {
      document_url: 'https://files.example.com/b.pdf',
      case_type_id: 'motor_claim',
      idempotency_key: 'p2',
    };
    const job = (await (await call('/process', { method: 'POST', json })).json()) as Record<string, string>;
    const res = await call(`/documents/${job.doc_id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    const { erasure_receipt: receipt } = (await res.json()) as Record<string, any>;
    expect(receipt).toMatchObject({
      doc_id: job.doc_id,
      completed: true,
      deleted_document: true,
      deleted_case_documents: 1,
    });
    expect(receipt.audit_id).toMatch(/^aud_/);
    await expectError(
      await call(`/documents/${job.doc_id}`, { method: 'DELETE' }),
      404,
      'not_found',
      'document_not_found',
    );
  });
});
