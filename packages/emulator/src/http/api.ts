import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { EmulatorCore } from '../core.js';
import { createSession, type SessionParams } from '../lifecycle.js';
import { type CaseRecord, own } from '../store.js';
import { caseTypeField, optionalString, readJsonBody, refuseWebhookUrl } from './body.js';
import { idempotencyKey, idempotent } from './idempotency.js';
import { documentRoutes } from './documents.js';
import { ApiError, errorResponse, invalid } from './errors.js';
import { authMiddleware, requireScope } from './auth.js';
import { type ApiEnv, requestIdMiddleware } from './request-id.js';
import { rateLimitMiddleware } from './rate-limit.js';
import { webhookRoutes } from './webhooks.js';

const MAX_TTL_HOURS = 720;
/** The largest API request body; the API's bodies are a few hundred bytes. */
export const MAX_API_BODY_BYTES = 1024 * 1024;

function ttlHours(value: unknown): number {
  if (value === undefined || value === null) return 168;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TTL_HOURS) {
    throw invalid(
      'invalid_ttl_hours',
      `ttl_hours must be a whole number of hours from 1 to ${MAX_TTL_HOURS} (default 168, 7 days).`,
    );
  }
  return value;
}

function locale(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(value)) {
    throw invalid('invalid_locale', 'locale must be a BCP 47 language tag such as "nl", "nl-BE" or "en".');
  }
  return value;
}

function returnUrl(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  let url: URL | undefined;
  try {
    url = typeof value === 'string' && value.length <= 2048 ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw invalid('invalid_return_url', 'return_url must be an absolute http:// or https:// URL.');
  }
  return value as string;
}

function findCase(core: EmulatorCore, id: string): CaseRecord {
  const c = own(core.store.state.cases, id);
  if (!c)
    throw new ApiError(404, 'case_not_found', `No case with id "${id.slice(0, 64)}" in this organisation.`);
  return c;
}

function caseBody(c: CaseRecord): Record<string, unknown> {
  return {
    case_id: c.case_id,
    org_id: c.org_id,
    status: c.status,
    case_type_id: c.case_type_id,
    session_id: c.session_id,
    external_case_id: c.external_case_id,
    external_applicant_id: c.external_applicant_id,
    external_customer_id: c.external_customer_id,
    trace_id: c.trace_id,
    features: c.features,
    created_at: c.created_at,
    updated_at: c.updated_at,
  };
}

function packageBody(c: CaseRecord): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const [name, feature] of Object.entries(c.features)) {
    const selected = feature.candidates.find(
      (x) => x.candidate_id === feature.decision.selected_candidate_id,
    );
    facts[name] = {
      value: selected?.value_normalized ?? null,
      value_raw: selected?.value_raw ?? null,
      decision: feature.decision.decision,
      evidence_ids: selected?.evidence_ids ?? [],
    };
  }
  const documents = c.documents.map(({ text: _text, ...doc }) => doc);
  return { case_id: c.case_id, case_file_url: null, facts, documents };
}

/** The API under `/api/v1`, faithful to the contract: auth, scopes, rate limits, the error envelope. */
export function apiRoutes(core: EmulatorCore, eventsPageSize: number): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  api.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error);
    return errorResponse(c, new ApiError(500, 'internal_error', 'The emulator hit an unexpected error.'));
  });
  api.use('*', requestIdMiddleware(core));
  api.use(
    '*',
    bodyLimit({
      maxSize: MAX_API_BODY_BYTES,
      onError: (c) =>
        errorResponse(
          c,
          new ApiError(
            413,
            'request_too_large',
            `The request body is larger than ${MAX_API_BODY_BYTES} bytes; API bodies are small JSON objects.`,
          ),
        ),
    }),
  );
  api.get('/health', (c) => c.json({ status: 'ok' }));
  api.use('*', authMiddleware(core));
  api.use('*', rateLimitMiddleware(core));

  api.get('/me', requireScope('cases:read'), (c) =>
    c.json({ org_id: core.options.orgId, environment: 'test' }),
  );

  api.post('/sessions', requireScope('intake:sessions:create'), async (c) => {
    const body = await readJsonBody(c);
    const caseType = caseTypeField(core, body);
    refuseWebhookUrl(body);
    const params: SessionParams = {
      case_type_id: caseType.id,
      ttl_hours: ttlHours(body.ttl_hours),
      locale: locale(body.locale),
      return_url: returnUrl(body.return_url),
      external_case_id: optionalString(body, 'external_case_id'),
      external_applicant_id: optionalString(body, 'external_applicant_id'),
      external_customer_id: optionalString(body, 'external_customer_id'),
      trace_id: optionalString(body, 'trace_id'),
    };
    const key = idempotencyKey(c, body, 'POST /sessions');
    const baseUrl = core.baseUrl ?? new URL(c.req.url).origin;
    return idempotent(core, c, 'sessions', key, params, () => createSession(core, params, key, baseUrl));
  });

  api.get('/cases/:id', requireScope('cases:read'), (c) =>
    c.json(caseBody(findCase(core, c.req.param('id')))),
  );

  api.get('/cases/:id/events', requireScope('cases:read'), (c) => {
    const found = findCase(core, c.req.param('id'));
    const raw = c.req.query('after_cursor');
    if (raw !== undefined && !/^\d{1,15}$/.test(raw)) {
      throw invalid(
        'invalid_after_cursor',
        'after_cursor must be a whole number ≥ 0 (a cursor from a previous page).',
      );
    }
    const after = raw === undefined ? 0 : Number(raw);
    const all = core.store.state.events.filter((e) => e.case_id === found.case_id && (e.cursor ?? 0) > after);
    const page = all.slice(0, eventsPageSize);
    const more = all.length > page.length;
    return c.json({
      case_id: found.case_id,
      events: page.map((e) => ({
        event_id: e.event_id,
        event_type: e.event_type,
        cursor: e.cursor,
        created_at: e.created_at,
      })),
      next_cursor: more ? (page[page.length - 1]?.cursor ?? null) : null,
    });
  });

  api.get('/cases/:id/package', requireScope('cases:read'), (c) =>
    c.json(packageBody(findCase(core, c.req.param('id')))),
  );

  api.route('/', webhookRoutes(core));
  api.route('/', documentRoutes(core));
  api.all('*', (c) => {
    throw new ApiError(404, 'route_not_found', `No route ${c.req.method} ${new URL(c.req.url).pathname}.`);
  });
  return api;
}
