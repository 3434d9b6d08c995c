import type { EmulatorCore } from '../core.js';
import { documentPage, type Markup, markup } from '../pages/layout.js';
import type { AttemptRecord, CaseRecord, DeliveryRecord, SessionRecord } from '../store.js';
import { DASHBOARD_CSS, LIVE_SCRIPT } from './styles.js';

/** `whsec_…` and `sk_test_…` shown as their prefix and last four characters only. */
export function mask(secret: string): string {
  const prefix = secret.startsWith('whsec_') ? 'whsec_' : secret.startsWith('sk_test_') ? 'sk_test_' : '';
  return `${prefix}…${secret.slice(-4)}`;
}

const MONEY = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A normalised value as a developer reads it: money as `EUR 1,250.00`, other objects as JSON. */
export function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const money = value as { amount?: unknown; currency?: unknown } | null;
  if (money && typeof money.amount === 'number' && typeof money.currency === 'string') {
    return `${money.currency} ${MONEY.format(money.amount)}`;
  }
  return JSON.stringify(value);
}

/** `2026-12-01T07:53:36.123Z` → `2026-12-01 07:53:36 UTC`, in a `<time>`. */
function when(iso: string): Markup {
  return markup`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')} UTC</time>`;
}

/** A URL that may wrap after each `/` (never inside a host name or a path segment). */
function url(value: string): Markup {
  const parts = value.split(/(?<=\/)(?!\/)/);
  return markup`<span class="url">${parts.map((part, i) => (i === 0 ? part : markup`<wbr>${part}`))}</span>`;
}

function id(value: string, anchor?: string): Markup {
  return markup`<code class="id"${anchor ? markup` id="${anchor}"` : ''}>${value}</code>`;
}

function table(headers: string[], rows: Markup[][], empty: string): Markup {
  if (rows.length === 0) return markup`<p class="muted">${empty}</p>`;
  // Focusable, so a keyboard can scroll a wide table sideways on a narrow screen.
  return markup`<div class="scroll" tabindex="0"><table><thead><tr>${headers.map(
    (x) => markup`<th scope="col">${x}</th>`,
  )}</tr></thead><tbody>${rows.map(
    (r) => markup`<tr>${r.map((cell, i) => markup`<td data-label="${headers[i] ?? ''}">${cell}</td>`)}</tr>`,
  )}</tbody></table></div>`;
}

function attemptLine(a: AttemptRecord): Markup {
  const outcome = a.status ?? a.error ?? '';
  return markup`<li>${when(a.started_at)} — <b class="${a.ok ? 'ok' : 'bad'}">${outcome}</b>${
    a.receiver_code
      ? markup` <code class="receiver-code" title="the code of the receiver's JSON error">${a.receiver_code}</code>`
      : ''
  } in ${a.latency_ms} ms${a.injected ? ' (injected)' : ''}${a.manual ? ' (resend)' : ''}${
    a.response_excerpt ? markup`<br><code class="excerpt">${a.response_excerpt}</code>` : ''
  }</li>`;
}

function featuresCell(c: CaseRecord): Markup | string {
  const lines = Object.entries(c.features).map(([name, f]) => {
    const sel = f.candidates.find((x) => x.candidate_id === f.decision.selected_candidate_id);
    return markup`<div><b>${name}</b>: ${sel ? displayValue(sel.value_normalized) : '—'} <span class="muted">(${f.decision.decision})</span></div>`;
  });
  return lines.length > 0 ? markup`${lines}` : '—';
}

function deliveryRow(d: DeliveryRecord): Markup[] {
  return [
    id(d.delivery_id, `delivery-${d.delivery_id}`),
    markup`${d.event_type}`,
    url(d.endpoint_url),
    markup`<span class="status status--${d.status}">${d.status}</span>${d.acknowledged_at ? ' (acknowledged)' : ''}`,
    markup`<ol>${d.attempts.map(attemptLine)}</ol>`,
    markup`<form method="post" action="/_emulator/deliveries/${d.delivery_id}/resend"><button type="submit" class="button">Resend</button></form>`,
  ];
}

/** The dashboard page: endpoints, sessions, cases and deliveries, newest first. */
export function dashboardPage(
  core: EmulatorCore,
  base: string,
  session: (s: SessionRecord) => { expired: boolean; signed_url: string },
): string {
  const { state } = core.store;
  const endpoints = table(
    ['URL', 'events', 'secret', 'failure injection'],
    core.endpoints.map((e) => [
      url(e.url),
      markup`${e.events.join(', ')}`,
      markup`<code>${mask(e.secret ?? core.webhookSecret)}</code>`,
      markup`${e.failure ? JSON.stringify(e.failure) : '—'}`,
    ]),
    'No endpoints: events are recorded but not delivered.',
  );
  const sessions = table(
    ['session', 'case type', 'status', 'language', 'expires', 'form'],
    Object.values(state.sessions)
      .reverse()
      .map((s) => {
        const j = session(s);
        return [
          id(s.session_id),
          markup`${s.case_type_id}`,
          markup`${j.expired ? 'expired' : s.status}`,
          markup`${s.language}`,
          when(s.expires_at),
          s.status === 'open' && !j.expired ? markup`<a href="${j.signed_url}">open form</a>` : markup`—`,
        ];
      }),
    'No sessions yet. Create one with POST /api/v1/sessions.',
  );
  const cases = table(
    ['case', 'status', 'features'],
    Object.values(state.cases)
      .reverse()
      .map((c) => [id(c.case_id), markup`${c.status}`, markup`${featuresCell(c)}`]),
    'No cases yet.',
  );
  const deliveries = table(
    ['delivery', 'event', 'endpoint', 'status', 'attempts', ''],
    Object.values(state.deliveries).reverse().map(deliveryRow),
    'No deliveries yet.',
  );
  return documentPage({
    lang: 'en',
    title: 'Klarefi emulator',
    css: DASHBOARD_CSS,
    body: markup`<header><h1>Klarefi emulator</h1><label class="live"><input type="checkbox" id="kf-live" checked> Live: refresh every 3 s</label></header>
<main id="kf-dashboard">
<p class="meta">API <code>${base}/api/v1</code> · key <code>${mask(core.apiKey)}</code> · JSON:
<a href="/_emulator/sessions">sessions</a>, <a href="/_emulator/cases">cases</a>, <a href="/_emulator/deliveries">deliveries</a>, <a href="/_emulator/events">events</a></p>
<section aria-labelledby="h-endpoints"><h2 id="h-endpoints">Endpoints</h2>${endpoints}</section>
<section aria-labelledby="h-sessions"><h2 id="h-sessions">Sessions</h2>${sessions}</section>
<section aria-labelledby="h-cases"><h2 id="h-cases">Cases</h2>${cases}</section>
<section aria-labelledby="h-deliveries"><h2 id="h-deliveries">Deliveries</h2>${deliveries}</section>
</main>`,
    script: LIVE_SCRIPT,
  });
}
