import { documentPage, type Markup, markup } from '../pages/layout.js';
import { FORM_CSS } from './styles.js';

// Focus the error summary (GOV.UK) so screen readers announce it; without JS the summary still leads the page.
const FOCUS_ERRORS = "var e=document.getElementById('kf-errors');if(e)e.focus();";
// The native file input's button speaks the browser's language; ours speaks the form's.
const FILE_NAME =
  "var f=document.getElementById('kf-document'),n=document.getElementById('kf-file-name');if(f&&n)f.addEventListener('change',function(){n.textContent=f.files&&f.files[0]?f.files[0].name:n.getAttribute('data-empty')});";

/** A complete page of the hosted form. */
export function page(input: { lang: 'en' | 'nl'; title: string; banner: string; body: Markup }): string {
  return documentPage({
    lang: input.lang,
    title: input.title,
    css: FORM_CSS,
    head: markup`<meta name="robots" content="noindex">`,
    body: markup`<div class="banner" role="note">${input.banner}</div>
<main id="kf-main">
${input.body}
</main>`,
    script: FOCUS_ERRORS + FILE_NAME,
  });
}

/** A page with one heading and one paragraph (expired, invalid link, done, …). */
export function messagePage(input: {
  lang: 'en' | 'nl';
  banner: string;
  title: string;
  text: string;
  extra?: Markup;
  state: string;
}): string {
  return page({
    lang: input.lang,
    title: input.title,
    banner: input.banner,
    body: markup`<div class="narrow"><h1 id="kf-title" data-state="${input.state}">${input.title}</h1>
<p id="kf-message">${input.text}</p>${input.extra ?? ''}</div>`,
  });
}

/** The error summary at the top of a step, linking to each field in error. */
export function errorSummary(title: string, errors: Array<{ field: string; message: string }>): Markup | '' {
  if (errors.length === 0) return '';
  const items = errors.map((e) => markup`<li><a href="#${e.field}">${e.message}</a></li>`);
  return markup`<div class="error-summary" id="kf-errors" role="alert" tabindex="-1" aria-labelledby="kf-errors-title"><h2 id="kf-errors-title">${title}</h2><ul>${items}</ul></div>`;
}
