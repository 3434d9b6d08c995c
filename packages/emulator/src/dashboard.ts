import { Hono } from 'hono';
import type { EmulatorCore } from './core.js';
import { h } from './form/html.js';
import type { CaseRecord, DeliveryRecord, SessionRecord } from './store.js';

/** `whsec_…` and `sk_test_…` shown as their prefix and last four characters only. */
export function mask(secret: string): string {
  const prefix = secret.startsWith('whsec_') ? 'whsec_' : secret.startsWith('sk_test_') ? 'sk_test_' : '';
  return `${prefix}…${secret.slice(-4)}`;
}

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

function table(headers: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<p class="muted">${h(empty)}</p>`;
  return `<table><thead><tr>${headers.map((x) => `<th scope="col">${h(x)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function html(core: EmulatorCore, base: string): string {
  const { state } = core.store;
  const endpoints = table(
    ['URL', 'events', 'secret', 'failure injection'],
    core.endpoints.map((e) => [
      h(e.url),
      h(e.events.join(', ')),
      `<code>${h(mask(e.secret ?? core.webhookSecret))}</code>`,
      h(e.failure ? JSON.stringify(e.failure) : '—'),
    ]),
    'No endpoints: events are recorded but not delivered.',
  );
  const sessions = table(
    ['session', 'case type', 'status', 'language', 'expires', 'form'],
    Object.values(state.sessions)
      .reverse()
      .map((s) => {
        const j = sessionJson(core, s, base);
        return [
          `<code>${h(s.session_id)}</code>`,
          h(s.case_type_id),
          h(j.expired ? 'expired' : s.status),
          h(s.language),
          h(s.expires_at),
          s.status === 'open' && !j.expired ? `<a href="${h(j.signed_url)}">open form</a>` : '—',
        ];
      }),
    'No sessions yet. Create one with POST /api/v1/sessions.',
  );
  const cases = table(
    ['case', 'status', 'features'],
    Object.values(state.cases)
      .reverse()
      .map((c) => [
        `<code>${h(c.case_id)}</code>`,
        h(c.status),
        Object.entries(c.features)
          .map(([name, f]) => {
            const sel = f.candidates.find((x) => x.candidate_id === f.decision.selected_candidate_id);
            return `<div><b>${h(name)}</b>: ${h(sel ? valueText(sel.value_normalized) : '—')} <span class="muted">(${h(
              f.decision.decision,
            )})</span></div>`;
          })
          .join('') || '—',
      ]),
    'No cases yet.',
  );
  const deliveries = table(
    ['delivery', 'event', 'endpoint', 'status', 'attempts', ''],
    Object.values(state.deliveries)
      .reverse()
      .map((d) => [
        `<code id="delivery-${h(d.delivery_id)}">${h(d.delivery_id)}</code>`,
        h(d.event_type),
        h(d.endpoint_url),
        h(d.status + (d.acknowledged_at ? ' (acknowledged)' : '')),
        `<ol>${d.attempts
          .map(
            (a) =>
              `<li>${h(a.started_at)} — <b>${h(a.status ?? a.error)}</b> in ${a.latency_ms} ms${a.injected ? ' (injected)' : ''}${
                a.manual ? ' (resend)' : ''
              }${a.response_excerpt ? `<br><code>${h(a.response_excerpt)}</code>` : ''}</li>`,
          )
          .join('')}</ol>`,
        `<form method="post" action="/_emulator/deliveries/${h(d.delivery_id)}/resend"><button type="submit">Resend</button></form>`,
      ]),
    'No deliveries yet.',
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Klarefi emulator</title><style>
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1c2430;background:#f4f6f9}
header{background:#1f3a5f;color:#fff;padding:.8rem 1.5rem}header h1{margin:0;font-size:1.25rem}
main{padding:1rem 1.5rem;max-width:80rem}section{background:#fff;border-radius:8px;overflow-x:auto;padding:.5rem 1rem 1rem;margin:1rem 0;box-shadow:0 1px 3px rgba(0,0,0,.07)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.4rem;border-bottom:1px solid #e3e7ec}
code{font-size:.85em;word-break:break-all}.muted{color:#5a6472}ol{margin:0;padding-left:1.2rem}
</style></head><body><header><h1>Klarefi emulator</h1></header><main>
<p>API <code>${h(base)}/api/v1</code> · key <code>${h(mask(core.apiKey))}</code> · JSON:
<a href="/_emulator/sessions">sessions</a>, <a href="/_emulator/cases">cases</a>, <a href="/_emulator/deliveries">deliveries</a>, <a href="/_emulator/events">events</a></p>
<section><h2>Endpoints</h2>${endpoints}</section>
<section><h2>Sessions</h2>${sessions}</section>
<section><h2>Cases</h2>${cases}</section>
<section><h2>Deliveries</h2>${deliveries}</section>
</main></body></html>`;
}

/** The dashboard at `/_emulator` and its JSON twins. */
export function dashboardRoutes(core: EmulatorCore): Hono {
  const dash = new Hono();
  const base = (url: string) => core.baseUrl ?? new URL(url).origin;
  const { state } = core.store;
  dash.get('/_emulator', (c) => c.html(html(core, base(c.req.url))));
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
      endpoints: core.endpoints.map((e) => ({ ...e, secret: mask(e.secret ?? core.webhookSecret) })),
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
