import { Hono } from 'hono';
import type { EmulatorCore } from '../core.js';
import type { CaseRecord, DeliveryRecord, SessionRecord } from '../store.js';
import { dashboardPage, mask } from './view.js';

function sessionJson(core: EmulatorCore, s: SessionRecord, base: string) {
  return {
    session_id: s.session_id,
    case_type_id: s.case_type_id,
    status: s.status,
    expired: s.status === 'open' && core.options.now() >= Date.parse(s.expires_at),
    locale: s.locale,
    language: s.language,
    signed_url: `${base}/s/${s.session_id}?token=${s.token}`,
    return_url: s.return_url,
    external_case_id: s.external_case_id,
    external_applicant_id: s.external_applicant_id,
    external_customer_id: s.external_customer_id,
    trace_id: s.trace_id,
    created_at: s.created_at,
    expires_at: s.expires_at,
    submitted_at: s.submitted_at,
    answers: s.answers,
    uploads: s.uploads.map(({ text: _text, ...d }) => d),
  };
}

/** A case with its documents' text, so evidence offsets can be checked against it. */
function caseJson(c: CaseRecord) {
  const { last_cursor: _cursor, ...rest } = c;
  return rest;
}

function deliveryJson(d: DeliveryRecord) {
  const { body, ...rest } = d;
  return { ...rest, payload: JSON.parse(body) as unknown };
}

/** The dashboard at `/_emulator` and its JSON twins. */
export function dashboardRoutes(core: EmulatorCore): Hono {
  const dash = new Hono();
  const base = (url: string) => core.baseUrl ?? new URL(url).origin;
  const { state } = core.store;
  dash.get('/_emulator', (c) => {
    const origin = base(c.req.url);
    return c.html(dashboardPage(core, origin, (s) => sessionJson(core, s, origin)));
  });
  dash.get('/_emulator/sessions', (c) =>
    c.json({ sessions: Object.values(state.sessions).map((s) => sessionJson(core, s, base(c.req.url))) }),
  );
  dash.get('/_emulator/cases', (c) => c.json({ cases: Object.values(state.cases).map(caseJson) }));
  dash.get('/_emulator/deliveries', (c) =>
    c.json({ deliveries: Object.values(state.deliveries).map(deliveryJson) }),
  );
  dash.get('/_emulator/events', (c) => c.json({ events: state.events }));
  dash.get('/_emulator/endpoints', (c) =>
    c.json({
      endpoints: core.endpoints.map(({ handler, previousSecret: _previous, ...e }) => ({
        ...e,
        secret: mask(e.secret ?? core.webhookSecret),
        in_process: handler !== undefined,
      })),
    }),
  );
  dash.post('/_emulator/deliveries/:id/resend', async (c) => {
    const d = await core.deliverer.resend(c.req.param('id'));
    if (!d)
      return c.json(
        { error: { type: 'not_found', code: 'delivery_not_found', message: 'No such delivery.' } },
        404,
      );
    if ((c.req.header('accept') ?? '').includes('application/json')) return c.json(deliveryJson(d));
    return c.redirect(`/_emulator#delivery-${d.delivery_id}`, 303);
  });
  return dash;
}
