import type { CaseTypeDefinition, CaseTypeQuestion } from '../case-types/types.js';
import { questionSteps, questionsOnStep } from '../case-types/validate.js';
import { type Markup, markup } from '../pages/layout.js';
import type { SessionRecord } from '../store.js';
import { errorSummary, page } from './html.js';
import { type Strings, strings } from './i18n.js';

/** One screen of the form. */
export type Step =
  | { kind: 'questions'; questions: CaseTypeQuestion[] }
  | { kind: 'documents' }
  | { kind: 'review' };

/** A problem with one field, shown above it and in the summary. */
export interface FieldError {
  field: string;
  message: string;
}

/** The screens of a case type's form: its question steps, the upload step when it has one, the review. */
export function stepsOf(caseType: CaseTypeDefinition): Step[] {
  const steps: Step[] = questionSteps(caseType).map((n) => ({
    kind: 'questions' as const,
    questions: questionsOnStep(caseType, n),
  }));
  if (caseType.documents) steps.push({ kind: 'documents' });
  steps.push({ kind: 'review' });
  return steps;
}

/** What every step screen needs. */
export interface StepView {
  session: SessionRecord;
  caseType: CaseTypeDefinition;
  steps: Step[];
  /** 1-based. */
  index: number;
  errors?: FieldError[];
  notice?: string;
  /** The claimant came from the review's "Change": Next and Back return to the review. */
  returnToReview?: boolean;
}

/** The link to one step of the form; `returnToReview` keeps a "Change" round trip going. */
export function stepUrl(session: SessionRecord, index: number, returnToReview = false): string {
  return `/s/${session.session_id}?token=${encodeURIComponent(session.token)}&step=${index}${
    returnToReview ? '&return=review' : ''
  }`;
}

function postUrl(view: StepView): string {
  const { session } = view;
  return `/s/${session.session_id}/step?token=${encodeURIComponent(session.token)}&step=${view.index}${
    view.returnToReview ? '&return=review' : ''
  }`;
}

const INPUT_CLASS: Partial<Record<CaseTypeQuestion['kind'], string>> = {
  date: 'input--date',
  amount: 'input--amount',
  plate: 'input--plate',
};

function control(q: CaseTypeQuestion, value: string, describedBy: string, invalid: boolean): Markup {
  const base = q.kind === 'textarea' ? 'textarea' : 'input';
  const cls = [base, INPUT_CLASS[q.kind], invalid ? `${base}--error` : undefined].filter(Boolean).join(' ');
  const common = markup`id="${q.id}" name="${q.id}" class="${cls}"${
    describedBy ? markup` aria-describedby="${describedBy}"` : ''
  }${q.required ? markup` required aria-required="true"` : ''}${invalid ? markup` aria-invalid="true"` : ''}`;
  switch (q.kind) {
    case 'textarea':
      return markup`<textarea ${common} rows="5">${value}</textarea>`;
    case 'email':
      return markup`<input type="email" ${common} value="${value}" autocomplete="email" spellcheck="false">`;
    case 'phone':
      return markup`<input type="tel" ${common} value="${value}" autocomplete="tel">`;
    case 'amount':
      return markup`<input type="text" ${common} value="${value}" inputmode="decimal">`;
    case 'plate':
      return markup`<input type="text" ${common} value="${value}" autocapitalize="characters" spellcheck="false">`;
    default:
      return markup`<input type="text" ${common} value="${value}">`;
  }
}

function field(q: CaseTypeQuestion, t: Strings, lang: 'en' | 'nl', value: string, error?: string): Markup {
  const hint = t.hints[q.kind];
  const ids = [hint ? `${q.id}-hint` : '', error ? `${q.id}-error` : ''].filter(Boolean).join(' ');
  return markup`<div class="field${error ? ' field--error' : ''}">
<label for="${q.id}">${q.label[lang]} <span class="tag">(${q.required ? t.required : t.optional})</span></label>
${hint ? markup`<p class="hint" id="${q.id}-hint">${hint}</p>` : ''}
${error ? markup`<p class="error-message" id="${q.id}-error"><span class="visually-hidden">${t.errorPrefix}</span>${error}</p>` : ''}
${control(q, value, ids, Boolean(error))}
</div>`;
}

function header(view: StepView, t: Strings, lang: 'en' | 'nl'): Markup {
  const back = view.returnToReview ? view.steps.length : view.index - 1;
  return markup`${back >= 1 && back !== view.index ? markup`<a href="${stepUrl(view.session, back)}" class="back-link" id="kf-back">${t.back}</a>` : ''}
${errorSummary(t.errorsSummary, view.errors ?? [])}
<p class="caption step">${t.stepOf(view.index, view.steps.length)}</p>
<h1 id="kf-title">${view.caseType.name[lang]}</h1>
${view.notice ? markup`<p class="notice" role="status">${view.notice}</p>` : ''}`;
}

function nextButton(t: Strings, label?: string): Markup {
  return markup`<div class="actions"><button type="submit" name="nav" value="next" id="kf-next" class="button">${
    label ?? t.next
  }</button></div>`;
}

function questionsBody(view: StepView, questions: CaseTypeQuestion[], t: Strings, lang: 'en' | 'nl'): Markup {
  const errors = new Map((view.errors ?? []).map((e) => [e.field, e.message]));
  const fields = questions.map((q) => field(q, t, lang, view.session.answers[q.id] ?? '', errors.get(q.id)));
  return markup`<form method="post" action="${postUrl(view)}" novalidate class="narrow">
${fields}
${nextButton(t)}
</form>`;
}

function documentsBody(view: StepView, t: Strings, lang: 'en' | 'nl'): Markup {
  const { session, caseType } = view;
  const error = (view.errors ?? []).find((e) => e.field === 'kf-document')?.message;
  const describedBy = error ? 'kf-file-name kf-document-error' : 'kf-file-name';
  const list =
    session.uploads.length === 0
      ? markup`<p class="muted" id="kf-no-documents">${t.noDocuments}</p>`
      : markup`<ul class="docs" id="kf-documents">${session.uploads.map(
          (d) =>
            markup`<li>${d.filename} <span class="muted">(${t.bytes(d.size_bytes)})</span> <button type="submit" class="link-button" name="remove" value="${d.doc_id}" formnovalidate>${t.remove(d.filename)}</button></li>`,
        )}</ul>`;
  return markup`<form method="post" action="${postUrl(view)}" enctype="multipart/form-data" class="narrow">
<h2>${t.documentsHeading}</h2>
<p>${t.documentsIntro}</p>
<div class="field${error ? ' field--error' : ''}">
<label for="kf-document">${caseType.documents?.label[lang] ?? t.chooseFile} <span class="tag">(${
    caseType.documents?.required ? t.required : t.optional
  })</span></label>
${error ? markup`<p class="error-message" id="kf-document-error"><span class="visually-hidden">${t.errorPrefix}</span>${error}</p>` : ''}
<div class="file"><input type="file" id="kf-document" name="document" aria-describedby="${describedBy}"${
    error ? markup` aria-invalid="true"` : ''
  }><label for="kf-document" class="button button--secondary" aria-hidden="true">${t.chooseFile}</label>
<span class="file-name" id="kf-file-name" data-empty="${t.noFileSelected}">${t.noFileSelected}</span>
<button type="submit" name="nav" value="upload" id="kf-upload" class="button button--secondary">${t.upload}</button></div>
</div>
<h2>${t.uploaded}</h2>
${list}
${nextButton(t)}
</form>`;
}

function changeLink(view: StepView, index: number, label: string, t: Strings): Markup {
  return markup`<dd class="summary-list__actions"><a href="${stepUrl(view.session, index, true)}">${t.change}<span class="visually-hidden"> ${label}</span></a></dd>`;
}

function reviewBody(view: StepView, t: Strings, lang: 'en' | 'nl'): Markup {
  const { session, caseType, steps } = view;
  const rows = caseType.questions.map((q) => {
    const index = steps.findIndex((s) => s.kind === 'questions' && s.questions.includes(q)) + 1;
    const answer = session.answers[q.id]?.trim();
    return markup`<div class="summary-list__row"><dt class="summary-list__key">${q.label[lang]}</dt><dd class="summary-list__value" id="review-${q.id}">${
      answer ? answer : markup`<span class="muted">${t.notAnswered}</span>`
    }</dd>${changeLink(view, index, q.label[lang], t)}</div>`;
  });
  if (caseType.documents) {
    const index = steps.findIndex((s) => s.kind === 'documents') + 1;
    rows.push(
      markup`<div class="summary-list__row"><dt class="summary-list__key">${t.documentsHeading}</dt><dd class="summary-list__value" id="review-documents">${t.documentsCount(
        session.uploads.length,
      )}</dd>${changeLink(view, index, t.documentsHeading, t)}</div>`,
    );
  }
  return markup`<h2>${t.reviewHeading}</h2>
<dl class="summary-list" id="kf-review">${rows}</dl>
<p>${t.reviewIntro}</p>
<form method="post" action="/s/${session.session_id}/submit?token=${encodeURIComponent(session.token)}">
<div class="actions"><button type="submit" id="kf-submit" class="button">${t.submit}</button></div>
</form>`;
}

/** Renders one step of the form. */
export function renderStep(view: StepView): string {
  const lang = view.session.language;
  const t = strings(lang);
  const step = view.steps[view.index - 1]!;
  const body =
    step.kind === 'questions'
      ? questionsBody(view, step.questions, t, lang)
      : step.kind === 'documents'
        ? documentsBody(view, t, lang)
        : reviewBody(view, t, lang);
  const title = `${view.caseType.name[lang]} — ${t.stepOf(view.index, view.steps.length)}`;
  return page({
    lang,
    title: view.errors?.length ? `${t.errorPrefix}${title}` : title,
    banner: t.banner,
    body: markup`${header(view, t, lang)}\n${body}`,
  });
}
