import type { AnswerKind } from './persona.js';

/** A form on a page of the hosted form, as a claimant's browser would read it. */
export interface PageForm {
  action: string;
  multipart: boolean;
  fields: Array<{ name: string; kind: AnswerKind }>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" };

/** The text of some markup: tags dropped, the entities the emulator writes decoded, spaces collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, name: string) => ENTITIES[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? textOf(m[1] as string) : undefined;
}

function kindOf(tag: string): AnswerKind {
  if (tag.startsWith('<textarea')) return 'textarea';
  const type = attribute(tag, 'type');
  if (type === 'email') return 'email';
  if (type === 'tel') return 'phone';
  const cls = attribute(tag, 'class') ?? '';
  for (const kind of ['date', 'amount', 'plate'] as const) if (cls.includes(`input--${kind}`)) return kind;
  return 'text';
}

/** The first `<form method="post">` of a page with its answer fields; undefined when there is none. */
export function formOf(html: string): PageForm | undefined {
  const m = /<form\s[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!m) return undefined;
  const open = /<form\s[^>]*>/.exec(m[0])?.[0] ?? '';
  const fields: PageForm['fields'] = [];
  for (const tag of (m[1] as string).match(/<(?:input|textarea)\s[^>]*>/g) ?? []) {
    const name = attribute(tag, 'name');
    const type = attribute(tag, 'type');
    if (!name || type === 'file' || type === 'submit' || type === 'hidden') continue;
    fields.push({ name, kind: kindOf(tag) });
  }
  return { action: attribute(open, 'action') ?? '', multipart: open.includes('multipart/form-data'), fields };
}

/** The error summary's messages by field (`#kf-errors`), empty when the page shows none. */
export function errorsOf(html: string): Record<string, string> {
  const summary = /<div class="error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0];
  const errors: Record<string, string> = {};
  if (!summary) return errors;
  for (const m of summary.matchAll(/<a href="#([^"]+)">([\s\S]*?)<\/a>/g))
    errors[m[1] as string] = textOf(m[2] as string);
  return errors;
}

/** A message page's state (`expired`, `invalid`, `submitted`, `done`, …) and its text. */
export function messageOf(html: string): { state: string | undefined; text: string } {
  const state = /data-state="([^"]*)"/.exec(html)?.[1];
  const text = textOf(/<p id="kf-message">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '');
  return { state, text };
}
