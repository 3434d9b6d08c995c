import {
  formatTimestamp,
  formatValue,
  type PageLanguage,
  type PageText,
  pageLanguage,
  TEXT,
} from './i18n.js';
import { type ClaimRecord, type ClaimStore, isSettled } from './store.js';

const escapeHtml = (value: unknown): string =>
  String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#2453d6"/><path d="M9 17l5 5 9-11" stroke="#fff" stroke-width="3.5" fill="none"/></svg>',
)}`;

function layout(lang: PageLanguage, title: string, body: string, refreshSeconds?: number): string {
  const refresh = refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : '';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${refresh}
<title>${escapeHtml(title)} · ${escapeHtml(TEXT[lang].site)}</title>
<link rel="icon" type="image/svg+xml" href="${FAVICON}">
<style>
body{font-family:system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1d2433;line-height:1.5}
a.button,button{display:inline-block;background:#2453d6;color:#fff;border:0;border-radius:.4rem;padding:.7rem 1.3rem;font-size:1rem;text-decoration:none;cursor:pointer}
a.button:focus,a:focus{outline:3px solid #f2b84b;outline-offset:2px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #dde2ec;padding:.4rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
.ok{color:#127a3b}.muted{color:#5b6475}code{background:#f1f3f8;padding:0 .2rem;border-radius:.2rem;overflow-wrap:anywhere}
.verified{color:#5b6475;font-size:.9rem}.id{overflow-wrap:anywhere}.review{color:#8a5a00}td.value{overflow-wrap:anywhere}
</style></head><body>${body}</body></html>`;
}

/** The home page: one button that starts a claim. `locale` is `KLAREFI_LOCALE` (en or nl). */
export function homePage(locale?: string): string {
  const lang = pageLanguage(locale);
  const t = TEXT[lang];
  return layout(
    lang,
    t.homeTitle,
    `<h1>${escapeHtml(t.homeTitle)}</h1>
<p>${escapeHtml(t.homeIntro)}</p>
<p><a class="button" id="start-claim" href="/start-claim">${escapeHtml(t.start)}</a></p>
<p class="muted"><a href="/claims">${escapeHtml(t.claimsSoFar)}</a></p>`,
  );
}

/** A snake_case name that may wrap after each `_`, so a narrow screen needs no sideways scroll. */
function breakable(name: string): string {
  return escapeHtml(name).replaceAll('_', '_<wbr>');
}

/**
 * The fields `claim()` returned: each feature's kept value (`claim().values`) and decision; a
 * feature in `claim().needsReview` shows that it awaits review instead of a value.
 */
function featuresTable(record: ClaimRecord, lang: PageLanguage, t: PageText): string {
  const values = record.values ?? {};
  const inReview = new Set(record.needsReview);
  const names = [...new Set([...Object.keys(record.decisions), ...Object.keys(values)])];
  const rows = names
    .map((name) => {
      const value = inReview.has(name)
        ? `<em class="review">${escapeHtml(t.inReview)}</em>`
        : escapeHtml(formatValue(values[name], lang));
      return `<tr data-feature="${escapeHtml(name)}"${inReview.has(name) ? ' data-review="true"' : ''}><th>${breakable(name)}</th><td class="value">${value}</td><td>${breakable(record.decisions[name] ?? '')}</td></tr>`;
    })
    .join('');
  const note =
    inReview.size > 0
      ? `<p id="needs-review" class="review">${escapeHtml(t.reviewNote(inReview.size))}</p>`
      : '';
  const caseType = record.caseTypeId
    ? `<p id="case-type">${escapeHtml(t.caseType)}: <code>${escapeHtml(record.caseTypeId)}</code></p>`
    : '';
  return rows
    ? `${caseType}${note}<table><thead><tr><th>${escapeHtml(t.feature)}</th><th>${escapeHtml(t.value)}</th><th>${escapeHtml(t.decision)}</th></tr></thead><tbody>${rows}</tbody></table>`
    : `${caseType}<p class="muted">${escapeHtml(t.noFeatures)}</p>`;
}

/**
 * The return_url target. Until the verified webhook with the outcome arrives it is a waiting page
 * for the claimant (no ids, no event names) that refreshes itself without JavaScript; then it shows
 * the outcome, the verified webhook it came from (the demo's proof, in plain sight) and what
 * `claim()` returned: the case type, each field's value and decision, and what awaits review.
 */
export function resultPage(store: ClaimStore, caseId: string | undefined, locale?: string): string {
  const lang = pageLanguage(locale);
  const t = TEXT[lang];
  if (!caseId) {
    return layout(
      lang,
      t.claim,
      `<h1>${escapeHtml(t.claim)}</h1><p>${escapeHtml(t.noCaseId)}</p><p><a href="/">${escapeHtml(t.home)}</a></p>`,
    );
  }
  const record = store.get(caseId);
  if (!record || !isSettled(record)) {
    const progress = record ? ` ${t.processing}` : '';
    return layout(
      lang,
      t.waitingTitle,
      `<h1>${escapeHtml(t.waitingTitle)}</h1>
<p id="claim-status" data-status="waiting" role="status">${escapeHtml(t.waitingText + progress)}</p>`,
      2,
    );
  }
  return layout(
    lang,
    t.receivedTitle,
    `<h1>${escapeHtml(t.receivedTitle)}</h1>
<p id="claim-status" data-status="${escapeHtml(record.status)}" class="ok">${escapeHtml(t.caseLabel)} <code>${escapeHtml(record.caseId)}</code>: ${escapeHtml(t.outcome(record.status))}</p>
<p id="verified" class="verified">${escapeHtml(t.technical)}: ${escapeHtml(t.verified(record.status, record.deliveryId))}</p>
<h2>${escapeHtml(t.featuresHeading)}</h2>${featuresTable(record, lang, t)}
<p><a href="/">${escapeHtml(t.another)}</a></p>`,
  );
}

/** Every claim the webhook has recorded. */
export function claimsPage(store: ClaimStore, locale?: string): string {
  const lang = pageLanguage(locale);
  const t = TEXT[lang];
  const rows = store
    .list()
    .map(
      (r) =>
        `<tr><td class="id"><a href="/claims/result?case_id=${encodeURIComponent(r.caseId)}">${escapeHtml(r.caseId)}</a></td><td>${escapeHtml(r.status)}</td><td><time datetime="${escapeHtml(r.receivedAt)}">${escapeHtml(formatTimestamp(r.receivedAt, lang))}</time></td></tr>`,
    )
    .join('');
  return layout(
    lang,
    t.claimsTitle,
    `<h1>${escapeHtml(t.claimsTitle)}</h1>${rows ? `<table><thead><tr><th>${escapeHtml(t.caseLabel)}</th><th>${escapeHtml(t.latest)}</th><th>${escapeHtml(t.received)}</th></tr></thead><tbody>${rows}</tbody></table>` : `<p class="muted">${escapeHtml(t.none)}</p>`}
<p><a href="/">${escapeHtml(t.home)}</a></p>`,
  );
}
