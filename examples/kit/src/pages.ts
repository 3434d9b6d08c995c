import type { Candidate, Feature } from '@klarefi/sdk';
import { type ClaimRecord, type ClaimStore, isSettled } from './store.js';

const escapeHtml = (value: unknown): string =>
  String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title: string, body: string, refreshSeconds?: number): string {
  const refresh = refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${refresh}
<title>${escapeHtml(title)} · Klarefi example</title>
<style>
body{font-family:system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1d2433;line-height:1.5}
a.button,button{display:inline-block;background:#2453d6;color:#fff;border:0;border-radius:.4rem;padding:.7rem 1.3rem;font-size:1rem;text-decoration:none;cursor:pointer}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #dde2ec;padding:.4rem;text-align:left;vertical-align:top}
.ok{color:#127a3b}.muted{color:#5b6475}code{background:#f1f3f8;padding:0 .2rem;border-radius:.2rem}
</style></head><body>${body}</body></html>`;
}

/** The home page: one button that starts a claim. */
export function homePage(): string {
  return layout(
    'Report a claim',
    `<h1>Report a claim</h1>
<p>We use Klarefi to take your claim: you will answer a few questions on a secure form and come back here.</p>
<p><a class="button" id="start-claim" href="/start-claim">Start a claim</a></p>
<p class="muted"><a href="/claims">Claims received so far</a></p>`,
  );
}

function selectedValue(feature: Feature): unknown {
  const id = feature.decision?.selected_candidate_id;
  const chosen: Candidate | undefined =
    feature.candidates.find((c) => c.candidate_id === id) ?? feature.candidates[0];
  return chosen?.value_normalized;
}

function formatValue(value: unknown): string {
  if (value && typeof value === 'object') {
    const v = value as { amount?: unknown; currency?: unknown };
    if (v.amount !== undefined) return `${v.amount} ${v.currency ?? ''}`.trim();
    return JSON.stringify(value);
  }
  return String(value ?? '');
}

function featuresTable(record: ClaimRecord): string {
  const rows = Object.entries(record.features ?? {})
    .map(
      ([name, f]) =>
        `<tr data-feature="${escapeHtml(name)}"><th>${escapeHtml(name)}</th><td>${escapeHtml(formatValue(selectedValue(f)))}</td><td>${escapeHtml(f.decision?.decision ?? '')}</td></tr>`,
    )
    .join('');
  return rows
    ? `<table><thead><tr><th>Feature</th><th>Value</th><th>Decision</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p class="muted">No features extracted.</p>';
}

/**
 * The return_url target: the claim's status, and its features once the verified webhook
 * arrived. Refreshes itself (no JavaScript) until then.
 */
export function resultPage(store: ClaimStore, caseId: string | undefined): string {
  if (!caseId)
    return layout('Claim', '<h1>Claim</h1><p>No case id in the link.</p><p><a href="/">Home</a></p>');
  const record = store.get(caseId);
  if (!record || !isSettled(record)) {
    const seen = record ? ` Received so far: ${record.events.map(escapeHtml).join(', ')}.` : '';
    return layout(
      'Claim submitted',
      `<h1>Thank you, your claim was submitted</h1>
<p id="claim-status" data-status="waiting">Waiting for Klarefi to send the result of case <code>${escapeHtml(caseId)}</code>…${seen}</p>`,
      2,
    );
  }
  return layout(
    'Claim received',
    `<h1>Claim received</h1>
<p id="claim-status" data-status="${escapeHtml(record.status)}" class="ok">Verified webhook <code>${escapeHtml(record.status)}</code> for case <code>${escapeHtml(record.caseId)}</code>${record.deliveryId ? ` (delivery <code>${escapeHtml(record.deliveryId)}</code>)` : ''}.</p>
<h2>Extracted features</h2>${featuresTable(record)}
<p><a href="/">Start another claim</a></p>`,
  );
}

/** Every claim the webhook has recorded. */
export function claimsPage(store: ClaimStore): string {
  const rows = store
    .list()
    .map(
      (r) =>
        `<tr><td><a href="/claims/result?case_id=${encodeURIComponent(r.caseId)}">${escapeHtml(r.caseId)}</a></td><td>${escapeHtml(r.status)}</td><td>${escapeHtml(r.receivedAt)}</td></tr>`,
    )
    .join('');
  return layout(
    'Claims',
    `<h1>Claims</h1>${rows ? `<table><thead><tr><th>Case</th><th>Latest event</th><th>Received</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">No webhooks received yet.</p>'}
<p><a href="/">Home</a></p>`,
  );
}
