import type { CaseTypeDefinition, CaseTypeQuestion } from '../case-types/types.js';
import { questionSteps, questionsOnStep } from '../case-types/validate.js';
import type { SessionRecord } from '../store.js';
import { errorSummary, h, page } from './html.js';
import { type Strings, strings } from './i18n.js';

/** One screen of the form. */
export type Step =
  | { kind: 'questions'; questions: CaseTypeQuestion[] }
  | { kind: 'documents' }
  | { kind: 'review' };

/** A problem with one field, shown next to it and in the summary. */
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
}

function actionUrl(session: SessionRecord, path: string, index?: number): string {
  const step = index === undefined ? '' : `&step=${index}`;
  return `/s/${session.session_id}/${path}?token=${encodeURIComponent(session.token)}${step}`;
}

/** The link to one step of the form. */
export function stepUrl(session: SessionRecord, index: number): string {
  return `/s/${session.session_id}?token=${encodeURIComponent(session.token)}&step=${index}`;
}

function input(q: CaseTypeQuestion, value: string, describedBy: string, invalid: boolean): string {
  const common = `id="${h(q.id)}" name="${h(q.id)}"${describedBy ? ` aria-describedby="${describedBy}"` : ''}${
    q.required ? ' required aria-required="true"' : ''
  }${invalid ? ' aria-invalid="true"' : ''}`;
  switch (q.kind) {
    case 'textarea':
      return `<textarea ${common} rows="5">${h(value)}</textarea>`;
    case 'email':
      return `<input type="email" ${common} value="${h(value)}" autocomplete="email">`;
    case 'phone':
      return `<input type="tel" ${common} value="${h(value)}" autocomplete="tel">`;
    case 'amount':
      return `<input type="text" ${common} value="${h(value)}" inputmode="decimal">`;
    case 'plate':
      return `<input type="text" ${common} value="${h(value)}" autocapitalize="characters" spellcheck="false">`;
    default:
      return `<input type="text" ${common} value="${h(value)}">`;
  }
}

function field(q: CaseTypeQuestion, t: Strings, lang: 'en' | 'nl', value: string, error?: string): string {
  const hint = t.hints[q.kind];
  const ids = [hint ? `${q.id}-hint` : '', error ? `${q.id}-error` : ''].filter(Boolean).join(' ');
  return `<div class="field">
<label for="${h(q.id)}">${h(q.label[lang])} <span class="tag">(${h(q.required ? t.required : t.optional)})</span></label>
${hint ? `<p class="hint" id="${h(q.id)}-hint">${h(hint)}</p>` : ''}
${input(q, value, ids, Boolean(error))}
${error ? `<p class="error" id="${h(q.id)}-error">${h(error)}</p>` : ''}
</div>`;
}

function header(view: StepView, t: Strings, lang: 'en' | 'nl'): string {
  return `<p class="step">${h(t.stepOf(view.index, view.steps.length))}</p>
<h1 id="kf-title">${h(view.caseType.name[lang])}</h1>
${errorSummary(t.errorsSummary, view.errors ?? [])}
${view.notice ? `<p class="notice" role="status">${h(view.notice)}</p>` : ''}`;
}

function navButtons(t: Strings, index: number, nextLabel?: string): string {
  const back =
    index > 1
      ? `<button type="submit" name="nav" value="back" id="kf-back" formnovalidate>${h(t.back)}</button>`
      : '<span></span>';
  return `<div class="actions">${back}<button type="submit" name="nav" value="next" id="kf-next" class="primary">${h(
    nextLabel ?? t.next,
  )}</button></div>`;
}

function questionsBody(view: StepView, questions: CaseTypeQuestion[], t: Strings, lang: 'en' | 'nl'): string {
  const errors = new Map((view.errors ?? []).map((e) => [e.field, e.message]));
  const fields = questions
    .map((q) => field(q, t, lang, view.session.answers[q.id] ?? '', errors.get(q.id)))
    .join('\n');
  return `<form method="post" action="${h(actionUrl(view.session, 'step', view.index))}" novalidate>
${fields}
${navButtons(t, view.index)}
</form>`;
}

function documentsBody(view: StepView, t: Strings, lang: 'en' | 'nl'): string {
  const { session, caseType } = view;
  const error = (view.errors ?? []).find((e) => e.field === 'kf-document')?.message;
  const list =
    session.uploads.length === 0
      ? `<p class="muted" id="kf-no-documents">${h(t.noDocuments)}</p>`
      : `<ul class="docs" id="kf-documents">${session.uploads
          .map(
            (d) =>
              `<li>${h(d.filename)} <span class="muted">(${h(t.bytes(d.size_bytes))})</span> <button type="submit" class="link" name="remove" value="${h(
                d.doc_id,
              )}" formnovalidate>${h(t.remove(d.filename))}</button></li>`,
          )
          .join('')}</ul>`;
  return `<form method="post" action="${h(actionUrl(session, 'step', view.index))}" enctype="multipart/form-data">
<h2>${h(t.documentsHeading)}</h2>
<p>${h(t.documentsIntro)}</p>
<div class="field">
<label for="kf-document">${h(caseType.documents?.label[lang] ?? t.chooseFile)} <span class="tag">(${h(
    caseType.documents?.required ? t.required : t.optional,
  )})</span></label>
<input type="file" id="kf-document" name="document"${error ? ' aria-invalid="true" aria-describedby="kf-document-error"' : ''}>
${error ? `<p class="error" id="kf-document-error">${h(error)}</p>` : ''}
<p><button type="submit" name="nav" value="upload" id="kf-upload">${h(t.upload)}</button></p>
</div>
<h2>${h(t.uploaded)}</h2>
${list}
${navButtons(t, view.index)}
</form>`;
}

function reviewBody(view: StepView, t: Strings, lang: 'en' | 'nl'): string {
  const { session, caseType, steps } = view;
  const rows = caseType.questions.map((q) => {
    const index = steps.findIndex((s) => s.kind === 'questions' && s.questions.includes(q)) + 1;
    const answer = session.answers[q.id]?.trim();
    return `<div class="row"><dt>${h(q.label[lang])}</dt><dd id="review-${h(q.id)}">${
      answer ? h(answer) : `<span class="muted">${h(t.notAnswered)}</span>`
    }</dd><dd><a href="${h(stepUrl(session, index))}">${h(t.change(q.label[lang]))}</a></dd></div>`;
  });
  if (caseType.documents) {
    const index = steps.findIndex((s) => s.kind === 'documents') + 1;
    rows.push(
      `<div class="row"><dt>${h(t.documentsHeading)}</dt><dd id="review-documents">${h(
        t.documentsCount(session.uploads.length),
      )}</dd><dd><a href="${h(stepUrl(session, index))}">${h(t.change(t.documentsHeading))}</a></dd></div>`,
    );
  }
  return `<h2>${h(t.reviewHeading)}</h2>
<dl id="kf-review">${rows.join('\n')}</dl>
<p class="muted">${h(t.reviewIntro)}</p>
<form method="post" action="${h(actionUrl(session, 'submit'))}">
<div class="actions"><a href="${h(stepUrl(session, view.index - 1))}" id="kf-back">${h(t.back)}</a>
<button type="submit" id="kf-submit" class="primary">${h(t.submit)}</button></div>
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
  return page({
    lang,
    title: `${view.caseType.name[lang]} — ${t.stepOf(view.index, view.steps.length)}`,
    banner: t.banner,
    body: `${header(view, t, lang)}\n${body}`,
  });
}
