import { describe, expect, it, vi } from 'vitest';
import type { ConformanceResponse } from '../driver.js';
import type { FakeReply } from '../fake-api.js';
import { expectNoSecrets, expectRefused, type Harness } from '../harness.js';
import { unusedBaseUrl } from '../http.js';

const UPSTREAM_MARKER = 'upstream-detail-7f3a91';

function expectSessionFailure(h: Harness, res: ConformanceResponse): void {
  expectRefused(h, res, 502, 'session_create_failed');
  expect(res.body).not.toContain(UPSTREAM_MARKER);
  expect(res.headers.location).toBeUndefined();
}

/** Start-claim: the redirect, what is sent to the API, and every failure. */
export function startClaimCases(h: Harness): void {
  const get = (path = '/start-claim') => ({ method: 'GET', path });

  describe('start-claim', () => {
    it('redirects GET with 303 to the signed_url, with cache-control: no-store', async () => {
      const app = await h.open();
      const res = await app.request(get());
      expect(h.api().requests).toHaveLength(1);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(h.api().requests[0]?.session?.signed_url);
      expect(res.headers['cache-control']).toBe('no-store');
      expectNoSecrets(h, res);
    });

    it('redirects with 302 when startClaim.redirectStatus is 302', async () => {
      const app = await h.open({ startClaim: { caseTypeId: 'motor_claim', redirectStatus: 302 } });
      const res = await app.request(get());
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(h.api().requests[0]?.session?.signed_url);
    });

    it('POSTs /api/v1/sessions with the bearer key and case_type_id, ttl_hours, locale from the options', async () => {
      const app = await h.open({ startClaim: { caseTypeId: 'home_claim', ttlHours: 48, locale: 'nl' } });
      expect((await app.request(get())).status).toBe(303);
      const [sent] = h.api().requests;
      expect(sent).toMatchObject({ method: 'POST', path: '/api/v1/sessions' });
      expect(sent?.headers.authorization).toBe(`Bearer ${h.apiKey}`);
      expect(sent?.headers['content-type']).toMatch(/^application\/json/);
      expect(sent?.body).toMatchObject({ case_type_id: 'home_claim', ttl_hours: 48, locale: 'nl' });
    });

    it('leaves ttl_hours and locale to the API when the options do not set them', async () => {
      const app = await h.open();
      expect((await app.request(get())).status).toBe(303);
      const body = h.api().requests[0]?.body as Record<string, unknown>;
      expect(body.case_type_id).toBe('motor_claim');
      expect(body).not.toHaveProperty('ttl_hours');
      expect(body).not.toHaveProperty('locale');
    });

    it('sends an Idempotency-Key header, a new one for each claim', async () => {
      const app = await h.open();
      await app.request(get());
      await app.request(get());
      const keys = h.api().requests.map((r) => r.headers['idempotency-key']);
      expect(keys).toHaveLength(2);
      for (const key of keys) expect(key).toMatch(/\S{8,}/);
      expect(keys[0]).not.toBe(keys[1]);
    });

    it('honours the session() hook (return_url, external ids, trace_id, idempotency key) and hands it the request', async () => {
      const seen: unknown[] = [];
      const params = {
        return_url: 'https://insurer.example/claims/done',
        external_case_id: 'claim-1042',
        external_applicant_id: 'applicant-7',
        trace_id: 'trace-abc',
        idempotency_key: 'claim-1042-attempt-1',
      };
      const app = await h.open({
        startClaim: {
          caseTypeId: 'motor_claim',
          session: async (request: unknown) => {
            seen.push(request);
            return params;
          },
        },
      });
      const res = await app.request(get());
      expect(res.status).toBe(303);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toBeTruthy();
      const [sent] = h.api().requests;
      expect(sent?.body).toMatchObject({ case_type_id: 'motor_claim', ...params });
      expect(sent?.headers['idempotency-key']).toBe(params.idempotency_key);
    });

    it('ignores the query string: it chooses neither the case type nor any id', async () => {
      const app = await h.open();
      const res = await app.request(
        get(
          '/start-claim?case_type_id=evil&external_case_id=x&return_url=https%3A%2F%2Fevil.example&ttl_hours=1&locale=xx',
        ),
      );
      expect(res.status).toBe(303);
      const body = h.api().requests[0]?.body as Record<string, unknown>;
      expect(body.case_type_id).toBe('motor_claim');
      for (const field of ['external_case_id', 'return_url', 'ttl_hours', 'locale'])
        expect(body).not.toHaveProperty(field);
    });

    it('answers POST with 405 and allow: GET, creating no session', async () => {
      const app = await h.open();
      const res = await app.request({
        method: 'POST',
        path: '/start-claim',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expectRefused(h, res, 405, 'method_not_allowed');
      expect(res.headers.allow).toMatch(/\bGET\b/);
      expect(h.api().requests).toEqual([]);
    });

    const failures: Array<[string, FakeReply | 'refused']> = [
      [
        'a 500 from the API',
        {
          status: 500,
          json: {
            error: {
              type: 'internal_error',
              code: 'internal_error',
              message: UPSTREAM_MARKER,
              request_id: 'req_1',
            },
          },
        },
      ],
      [
        'a 401 from the API that echoes the key',
        {
          status: 401,
          json: {
            error: {
              type: 'authentication_error',
              code: 'invalid_api_key',
              message: `${UPSTREAM_MARKER} for key ${h.apiKey}`,
              request_id: 'req_2',
            },
          },
        },
      ],
      [
        'a non-JSON 502 from a proxy',
        {
          status: 502,
          text: `<html><body>${UPSTREAM_MARKER}</body></html>`,
          headers: { 'content-type': 'text/html' },
        },
      ],
      ['a dropped connection', 'drop'],
      ['a refused connection', 'refused'],
    ];
    for (const [label, reply] of failures) {
      it(`answers 502 session_create_failed, leaking neither key nor upstream body, on ${label}`, async () => {
        const baseUrl = reply === 'refused' ? await unusedBaseUrl() : undefined;
        if (reply !== 'refused') h.api().respondWith(reply);
        const app = await h.open({ client: h.fastClient(baseUrl) });
        expectSessionFailure(h, await app.request(get()));
      });
    }

    it('answers 502 and never redirects when the signed_url is not an http(s) URL', async () => {
      h.api().respondWith({
        status: 201,
        json: {
          session_id: 'x',
          signed_url: 'javascript:alert(1)',
          expires_at: '2030-01-01T00:00:00Z',
          idempotent_replay: false,
        },
      });
      const app = await h.open({ client: h.fastClient() });
      expectSessionFailure(h, await app.request(get()));
    });

    it('passes a throwing session() hook to the framework: no redirect, no 502, no session', async () => {
      const app = await h.open({
        startClaim: {
          caseTypeId: 'motor_claim',
          session: () => {
            throw new Error('conformance: the integrator hook failed');
          },
        },
      });
      // A framework's default error handler may log the integrator's error; that log is expected here.
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      const res = await app.request(get()).finally(() => logged.mockRestore());
      expect(res.headers.location).toBeUndefined();
      if (h.driver.sessionHookErrorStatus !== undefined)
        expect(res.status).toBe(h.driver.sessionHookErrorStatus);
      else expect(res.status).toBeGreaterThanOrEqual(500);
      expect(res.status).not.toBe(502);
      expect(h.api().requests).toEqual([]);
    });

    it('serves a custom startClaim.path, and not the default one', async () => {
      const app = await h.open({ startClaim: { caseTypeId: 'motor_claim', path: '/claims/begin' } });
      expect((await app.request(get('/claims/begin'))).status).toBe(303);
      expect((await app.request(get('/start-claim'))).status).toBe(404);
      expect(h.api().requests).toHaveLength(1);
    });

    it('serves no start-claim route when startClaim is false', async () => {
      const app = await h.open({ startClaim: false });
      const res = await app.request(get());
      expect(res.status).toBe(404);
      expect(h.api().requests).toEqual([]);
    });
  });
}
