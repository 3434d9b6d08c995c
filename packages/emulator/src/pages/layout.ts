import type { Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** Markup built with `hono/html`: interpolated values are escaped, nested markup is kept. */
export type Markup = HtmlEscapedString;

/** A sync `html` template; the emulator's pages never interpolate promises. */
export function markup(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  return html(strings, ...values) as Markup;
}

const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f3a5f"/><path d="M10 7h4v7.5L20.5 7H25l-7.2 8L25.5 25H21l-5.8-7.6L14 18.8V25h-4z" fill="#fff"/></svg>';

/** The icon as a data URL, so pages need no request for it (and browsers log no 404). */
const FAVICON_HREF = `data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}`;

/** Answers `/favicon.ico` and `/favicon.svg` too, for browsers and tools that ask anyway. */
export function faviconRoutes(app: Hono): void {
  for (const path of ['/favicon.ico', '/favicon.svg']) {
    app.get(path, (c) =>
      c.body(FAVICON_SVG, 200, {
        'content-type': 'image/svg+xml',
        'cache-control': 'public, max-age=86400',
      }),
    );
  }
}

/**
 * A complete HTML document: every emulator page (form, messages, dashboard) uses it. A plain
 * string, so `c.html()` answers synchronously.
 */
export function documentPage(input: {
  lang: 'en' | 'nl';
  title: string;
  css: string;
  body: Markup;
  /** Extra `<head>` markup (refresh, robots). */
  head?: Markup;
  /** A script run at the end of `<body>`; the pages work without it. */
  script?: string;
}): string {
  return markup`<!doctype html>
<html lang="${input.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title}</title>
<link rel="icon" type="image/svg+xml" href="${FAVICON_HREF}">
${input.head ?? ''}
<style>${raw(input.css)}</style>
</head>
<body>
${input.body}
${input.script ? raw(`<script>${input.script}</script>`) : ''}
</body>
</html>`.toString();
}
