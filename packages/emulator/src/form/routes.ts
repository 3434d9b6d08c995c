import { timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { CaseTypeDefinition } from '../case-types/types.js';
import type { EmulatorCore } from '../core.js';
import { ulid } from '../ids.js';
import { submitSession } from '../lifecycle.js';
import { type DocumentRecord, own, type SessionRecord } from '../store.js';
import { markup } from '../pages/layout.js';
import { messagePage } from './html.js';
import { formatDateTime, strings } from './i18n.js';
import { type FieldError, renderStep, type Step, stepsOf, stepUrl } from './steps.js';
import { answerErrors } from './validate.js';

const MAX_UPLOAD_MB = 10;
const MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024;
const TEXT_EXTENSIONS = /\.(?:txt|csv|md|json|xml|eml|html?)$/i;

interface Loaded {
  session: SessionRecord;
  caseType: CaseTypeDefinition;
  steps: Step[];
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function textOf(file: File, bytes: Uint8Array): Promise<string | null> {
  const type = file.type.toLowerCase();
  const looksText = type.startsWith('text/') || /json|xml/.test(type) || TEXT_EXTENSIONS.test(file.name);
  if (!looksText || bytes.length > 1024 * 1024) return null;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.includes('\u0000') ? null : text;
  } catch {
    return null;
  }
}

function missingAnswers(session: SessionRecord, questions: CaseTypeDefinition['questions']): FieldError[] {
  return answerErrors(session.answers, questions, session.language);
}

function missingDocuments(session: SessionRecord, caseType: CaseTypeDefinition): FieldError[] {
  if (!caseType.documents?.required || session.uploads.length > 0) return [];
  return [{ field: 'kf-document', message: strings(session.language).documentRequired }];
}

/** The hosted intake form at `/s/{session_id}?token=…`. */
export function formRoutes(core: EmulatorCore): Hono {
  const form = new Hono();
  // Post-redirect-get: a step's errors wait here for the GET that shows them once, so a refresh
  // of the page never posts the step again. In memory: a restart only loses the red text.
  const flashes = new Map<string, { index: number; errors: FieldError[] }>();

  function showErrors(
    c: Context,
    session: SessionRecord,
    index: number,
    errors: FieldError[],
    back: boolean,
  ) {
    flashes.set(session.session_id, { index, errors });
    return c.redirect(stepUrl(session, index, back), 303);
  }

  function message(
    c: Context,
    lang: 'en' | 'nl',
    status: 200 | 403 | 404 | 409 | 410 | 413 | 500,
    kind: string,
  ) {
    const t = strings(lang);
    const texts: Record<string, [string, string]> = {
      invalid: [t.invalidLinkTitle, t.invalidLinkText],
      'not-found': [t.notFoundTitle, t.notFoundText],
      submitted: [t.alreadyTitle, t.alreadyText],
      'case-type-missing': [t.notFoundTitle, t.caseTypeMissing],
      'too-large': [t.documentsHeading, t.fileTooLarge(MAX_UPLOAD_MB)],
    };
    const [title, text] = texts[kind] ?? [t.notFoundTitle, t.notFoundText];
    return c.html(messagePage({ lang, banner: t.banner, title, text, state: kind }), status);
  }

  /** Finds the session and checks the token; answers the error page itself when it cannot. */
  function load(c: Context): Loaded | Response {
    const session = own(core.store.state.sessions, c.req.param('id') ?? '');
    if (!session) return message(c, 'en', 404, 'not-found');
    if (!sameToken(c.req.query('token'), session.token)) return message(c, session.language, 403, 'invalid');
    const caseType = core.options.caseTypes.get(session.case_type_id);
    if (!caseType) return message(c, session.language, 500, 'case-type-missing');
    return { session, caseType, steps: stepsOf(caseType) };
  }

  /** A submitted or expired session cannot be filled in any more. */
  function closed(c: Context, session: SessionRecord, submittedStatus: 200 | 409): Response | undefined {
    if (session.status === 'submitted') return message(c, session.language, submittedStatus, 'submitted');
    if (core.options.now() >= Date.parse(session.expires_at)) {
      const t = strings(session.language);
      return c.html(
        messagePage({
          lang: session.language,
          banner: t.banner,
          title: t.expiredTitle,
          text: t.expiredText(formatDateTime(session.expires_at, session.language)),
          state: 'expired',
        }),
        410,
      );
    }
    return undefined;
  }

  function stepIndex(raw: string | undefined, steps: Step[]): number {
    const n = Number(raw ?? '1');
    return Number.isInteger(n) && n >= 1 && n <= steps.length ? n : 1;
  }

  form.get('/s/:id', (c) => {
    const loaded = load(c);
    if (loaded instanceof Response) return loaded;
    const stop = closed(c, loaded.session, 200);
    if (stop) return stop;
    const index = stepIndex(c.req.query('step'), loaded.steps);
    const uploaded = loaded.session.uploads.find((d) => d.doc_id === c.req.query('uploaded'));
    const notice = uploaded ? strings(loaded.session.language).uploadedOk(uploaded.filename) : undefined;
    const flash = flashes.get(loaded.session.session_id);
    flashes.delete(loaded.session.session_id);
    const errors = flash?.index === index ? flash.errors : undefined;
    const returnToReview = c.req.query('return') === 'review';
    return c.html(renderStep({ ...loaded, index, notice, errors, returnToReview }));
  });

  form.post(
    '/s/:id/step',
    bodyLimit({
      maxSize: MAX_UPLOAD_BYTES + 64 * 1024,
      onError: (c) =>
        message(
          c,
          own(core.store.state.sessions, c.req.param('id') ?? '')?.language ?? 'en',
          413,
          'too-large',
        ),
    }),
    async (c) => {
      const loaded = load(c);
      if (loaded instanceof Response) return loaded;
      const { session, caseType, steps } = loaded;
      const stop = closed(c, session, 409);
      if (stop) return stop;
      const index = stepIndex(c.req.query('step'), steps);
      const step = steps[index - 1]!;
      const body = await c.req.parseBody();
      const nav = typeof body.nav === 'string' ? body.nav : 'next';
      const review = c.req.query('return') === 'review';
      const t = strings(session.language);
      let errors: FieldError[] = [];
      let uploadedId: string | undefined;

      if (step.kind === 'questions') {
        for (const q of step.questions) {
          const value = body[q.id];
          session.answers[q.id] = typeof value === 'string' ? value.slice(0, 10_000) : '';
        }
        core.store.changed();
        if (nav !== 'back') errors = missingAnswers(session, step.questions);
      } else if (step.kind === 'documents') {
        if (typeof body.remove === 'string') {
          session.uploads = session.uploads.filter((d) => d.doc_id !== body.remove);
          core.store.changed();
          return c.redirect(stepUrl(session, index, review), 303);
        }
        const file = body.document;
        if (file instanceof File && file.name !== '') {
          if (file.size > MAX_UPLOAD_BYTES) return message(c, session.language, 413, 'too-large');
          const bytes = new Uint8Array(await file.arrayBuffer());
          const doc: DocumentRecord = {
            doc_id: `doc_${ulid(core.options.now())}`,
            source: 'upload',
            filename: file.name.slice(0, 255),
            content_type: file.type || 'application/octet-stream',
            size_bytes: bytes.length,
            uploaded_at: new Date(core.options.now()).toISOString(),
            text: await textOf(file, bytes),
          };
          session.uploads.push(doc);
          uploadedId = doc.doc_id;
          core.store.changed();
        } else if (nav === 'upload') {
          errors = [{ field: 'kf-document', message: t.noFileChosen }];
        }
        if (nav === 'next') errors = missingDocuments(session, caseType);
      }

      if (errors.length > 0) return showErrors(c, session, index, errors, review);
      if (nav === 'back') return c.redirect(stepUrl(session, Math.max(1, index - 1)), 303);
      if (nav === 'upload')
        return c.redirect(`${stepUrl(session, index, review)}&uploaded=${uploadedId}`, 303);
      return c.redirect(stepUrl(session, review ? steps.length : Math.min(steps.length, index + 1)), 303);
    },
  );

  form.post('/s/:id/submit', (c) => {
    const loaded = load(c);
    if (loaded instanceof Response) return loaded;
    const { session, caseType, steps } = loaded;
    const stop = closed(c, session, 409);
    if (stop) return stop;
    // Someone may post straight to submit: every step is checked again, the first one in error is shown.
    for (const [i, step] of steps.entries()) {
      const errors =
        step.kind === 'questions'
          ? missingAnswers(session, step.questions)
          : step.kind === 'documents'
            ? missingDocuments(session, caseType)
            : [];
      if (errors.length > 0) return showErrors(c, session, i + 1, errors, false);
    }
    submitSession(core, session, caseType);
    if (session.return_url) {
      const target = new URL(session.return_url);
      target.searchParams.set('session_id', session.session_id);
      target.searchParams.set('case_id', session.session_id);
      return c.redirect(target.href, 303);
    }
    return c.redirect(`/s/${session.session_id}/done?token=${encodeURIComponent(session.token)}`, 303);
  });

  form.get('/s/:id/done', (c) => {
    const loaded = load(c);
    if (loaded instanceof Response) return loaded;
    const { session } = loaded;
    if (session.status !== 'submitted') return c.redirect(stepUrl(session, 1), 303);
    const t = strings(session.language);
    const extra = markup`<p>${t.reference}: <code id="kf-reference">${session.session_id}</code></p>`;
    return c.html(
      messagePage({
        lang: session.language,
        banner: t.banner,
        title: t.doneTitle,
        text: t.doneText,
        extra,
        state: 'done',
      }),
    );
  });

  return form;
}
