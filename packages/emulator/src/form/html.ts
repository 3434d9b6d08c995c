/** Escapes text for HTML content and attribute values. */
export function h(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2430;background:#f4f6f9}
.banner{background:#1f3a5f;color:#fff;font-size:.85rem;padding:.4rem 1rem;text-align:center}
main{max-width:40rem;margin:2rem auto;padding:1.5rem 1.75rem;background:#fff;border-radius:10px;box-shadow:0 1px 4px rgba(0,0,0,.08)}
h1{font-size:1.5rem;margin:.2rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.step{color:#5a6472;font-size:.9rem;margin:0}
.field{margin:1.1rem 0}
label{display:block;font-weight:600;margin-bottom:.25rem}
.tag{font-weight:400;color:#5a6472;font-size:.85rem}
.hint{margin:.1rem 0 .35rem;color:#5a6472;font-size:.9rem}
input[type=text],input[type=email],input[type=tel],textarea{width:100%;padding:.55rem .65rem;border:1px solid #9aa5b4;border-radius:6px;font:inherit}
textarea{min-height:7rem}
input[type=file]{font:inherit}
input:focus,textarea:focus,button:focus,a:focus{outline:3px solid #f2b84b;outline-offset:1px}
[aria-invalid=true]{border-color:#b3261e;border-width:2px}
.error{color:#b3261e;font-weight:600;margin:.3rem 0 0}
.summary{border:2px solid #b3261e;border-radius:8px;padding:.75rem 1rem;margin-bottom:1rem}
.summary h2{margin:0 0 .3rem;font-size:1rem;color:#b3261e}
.notice{border-left:4px solid #2e7d32;background:#eef7ee;padding:.5rem .8rem;margin:.5rem 0}
.actions{display:flex;gap:.75rem;justify-content:space-between;margin-top:1.5rem;flex-wrap:wrap}
button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:1px solid #1f3a5f;background:#fff;color:#1f3a5f;cursor:pointer}
button.primary{background:#1f3a5f;color:#fff}
button.link{border:0;padding:0;text-decoration:underline;color:#1f3a5f;background:none}
dl{margin:0}
.row{display:grid;grid-template-columns:1fr 1.4fr auto;gap:.75rem;padding:.6rem 0;border-bottom:1px solid #e3e7ec}
dt{font-weight:600}
dd{margin:0;white-space:pre-wrap;word-break:break-word}
ul.docs{padding-left:1.1rem}
.muted{color:#5a6472}
`;

/** A complete page of the hosted form. */
export function page(input: { lang: 'en' | 'nl'; title: string; banner: string; body: string }): string {
  return `<!doctype html>
<html lang="${input.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${h(input.title)}</title>
<style>${CSS}</style>
</head>
<body>
<div class="banner" role="note">${h(input.banner)}</div>
<main id="kf-main">
${input.body}
</main>
</body>
</html>`;
}

/** A page with one heading and one paragraph (expired, invalid link, done, …). */
export function messagePage(input: {
  lang: 'en' | 'nl';
  banner: string;
  title: string;
  text: string;
  extra?: string;
  state: string;
}): string {
  return page({
    lang: input.lang,
    title: input.title,
    banner: input.banner,
    body: `<h1 id="kf-title" data-state="${h(input.state)}">${h(input.title)}</h1>\n<p id="kf-message">${h(input.text)}</p>${input.extra ?? ''}`,
  });
}

/** The error summary at the top of a step, linking to each field in error. */
export function errorSummary(title: string, errors: Array<{ field: string; message: string }>): string {
  if (errors.length === 0) return '';
  const items = errors.map((e) => `<li><a href="#${h(e.field)}">${h(e.message)}</a></li>`).join('');
  return `<div class="summary" id="kf-errors" role="alert" tabindex="-1"><h2>${h(title)}</h2><ul>${items}</ul></div>`;
}
