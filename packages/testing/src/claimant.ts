import { optionChecker } from '@klarefi/sdk/adapter';
import { KlarefiTestError } from './errors.js';
import { errorsOf, formOf, messageOf, textOf } from './html.js';
import { personaAnswer, personaLanguage } from './persona.js';

/** A file the claimant uploads on the form's documents step. */
export interface ClaimDocument {
  /** The file name, e.g. `police-report.txt`; text files (`.txt`, `.md`, …) become evidence. */
  name: string;
  content: string | Uint8Array;
  /**
   * The content type.
   * @default 'text/plain' for a string, 'application/octet-stream' otherwise
   */
  type?: string;
}

/** How the claimant fills in the form besides the answers. */
export interface SubmitOptions {
  /**
   * Files to upload on the documents step, when the case type has one.
   * @default none; when the case type requires a document, a small text file
   */
  documents?: ClaimDocument[];
  /**
   * How the default persona writes: `'nl'` answers `3 februari 2023` and `€ 1.234,56`, anything else
   * `2023-02-03` and `EUR 1,234.56`. The form's own language is the session's `locale`.
   * @default 'en'
   */
  locale?: string;
}

/** A submitted claim. */
export interface ClaimResult {
  /** The case id (the session id): what `deliveries.waitFor(…, { caseId })` matches. */
  caseId: string;
  sessionId: string;
  /** Where the form sent the claimant after submitting: the session's `return_url` (with ids) or the done page. */
  redirectedTo: string;
  /** Every answer the claimant gave, by question id. */
  answers: Record<string, string>;
}

/** A claimant holding one signed URL. */
export interface Claimant {
  /**
   * Walks the hosted form over HTTP, the pages a browser gets, step by step, and submits it. Answers
   * not given come from a valid persona. Rejects with a `KlarefiTestError`: `invalid_answers` with
   * the form's own messages, `session_expired`, `already_submitted` or `invalid_link`.
   */
  submit(answers?: Record<string, string>, options?: SubmitOptions): Promise<ClaimResult>;
}

const MAX_STEPS = 20;

function navNext(): FormData {
  const data = new FormData();
  data.set('nav', 'next');
  return data;
}

function fail(code: ConstructorParameters<typeof KlarefiTestError>[0], message: string): never {
  throw new KlarefiTestError(code, message);
}

/** Says why a page that is not a form step stops the claimant. */
function refuseMessagePage(status: number, html: string, url: string): never {
  const { state, text } = messageOf(html);
  if (state === 'expired') fail('session_expired', `The signed URL has expired: the form says "${text}"`);
  if (state === 'submitted') fail('already_submitted', `This session was already submitted: "${text}"`);
  if (state === 'invalid' || state === 'not-found' || status === 403 || status === 404)
    fail('invalid_link', `The form refused the signed URL (${status}): "${text}"`);
  fail(
    'unexpected_page',
    `The form answered ${status} at ${url} with no step to fill in: "${text || textOf(html).slice(0, 200)}"`,
  );
}

/** A claimant for `signedUrl`, talking to the emulator with `fetch`. */
export function createClaimant(signedUrl: string): Claimant {
  let start: URL;
  try {
    start = new URL(signedUrl);
  } catch {
    optionChecker('claimant(url)').invalid('url', signedUrl, "the session's signed_url, an absolute URL");
  }

  async function get(url: string): Promise<{ status: number; html: string; url: string }> {
    const res = await fetch(url, { redirect: 'manual' });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) return get(new URL(location, url).href);
    return { status: res.status, html: await res.text(), url };
  }

  async function post(action: string, body: FormData | URLSearchParams): Promise<string> {
    const res = await fetch(new URL(action, start).href, { method: 'POST', body, redirect: 'manual' });
    const location = res.headers.get('location');
    if (res.status === 303 && location) return new URL(location, start).href;
    refuseMessagePage(res.status, await res.text(), action);
  }

  async function upload(action: string, doc: ClaimDocument): Promise<void> {
    const data = new FormData();
    const type = doc.type ?? (typeof doc.content === 'string' ? 'text/plain' : 'application/octet-stream');
    data.set('document', new Blob([doc.content as BlobPart], { type }), doc.name);
    data.set('nav', 'upload');
    await post(action, data);
  }

  return {
    async submit(given = {}, options = {}) {
      const lang = personaLanguage(options.locale);
      const answers: Record<string, string> = {};
      let page = await get(start.href);
      for (let step = 0; step < MAX_STEPS; step++) {
        const form = formOf(page.html);
        if (!form) refuseMessagePage(page.status, page.html, page.url);
        const errors = errorsOf(page.html);
        if (Object.keys(errors).length > 0) {
          throw new KlarefiTestError(
            'invalid_answers',
            `The hosted form refused the answers: ${Object.entries(errors)
              .map(([field, message]) => `${field}: ${message}`)
              .join('; ')}`,
            errors,
          );
        }
        if (form.action.includes('/submit')) {
          const done = await post(form.action, new URLSearchParams());
          const sessionId = start.pathname.split('/').pop() ?? '';
          return { caseId: sessionId, sessionId, redirectedTo: done, answers };
        }
        let next: string;
        if (form.multipart) {
          for (const doc of options.documents ?? []) await upload(form.action, doc);
          next = await post(form.action, navNext());
          // The persona uploads only when the case type insists, as a claimant with nothing to add would.
          if (options.documents === undefined && errorsOf((await get(next)).html)['kf-document']) {
            await upload(form.action, {
              name: 'claim-notes.txt',
              content: personaAnswer('textarea', 'notes', lang),
            });
            next = await post(form.action, navNext());
          }
        } else {
          const body = new URLSearchParams();
          for (const field of form.fields) {
            const value = Object.hasOwn(given, field.name)
              ? String(given[field.name])
              : personaAnswer(field.kind, field.name, lang);
            answers[field.name] = value;
            body.set(field.name, value);
          }
          body.set('nav', 'next');
          next = await post(form.action, body);
        }
        page = await get(next);
      }
      return fail(
        'unexpected_page',
        `The hosted form did not reach its review step within ${MAX_STEPS} steps.`,
      );
    },
  };
}
