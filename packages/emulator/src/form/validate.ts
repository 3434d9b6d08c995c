import type { CaseTypeQuestion } from '../case-types/types.js';
import { normalizeAmount, normalizeDate, normalizeEmail, normalizePhone } from '../normalize.js';
import { strings } from './i18n.js';
import type { FieldError } from './steps.js';

// The same normalisers the extraction uses, so an answer the form accepts is one the case can read.
// Plates and free text are not refused: an unusual plate ends as `case.needs_review` instead.
const CHECKS: Partial<Record<CaseTypeQuestion['kind'], (value: string) => unknown>> = {
  date: normalizeDate,
  email: normalizeEmail,
  phone: normalizePhone,
  amount: normalizeAmount,
};

/**
 * The problems with a step's answers: a required question left empty, or an answer of a kind the
 * service checks (date, e-mail, phone, amount) that is not one, with the format it expects.
 */
export function answerErrors(
  answers: Readonly<Record<string, string>>,
  questions: readonly CaseTypeQuestion[],
  language: 'en' | 'nl',
): FieldError[] {
  const t = strings(language);
  const errors: FieldError[] = [];
  for (const q of questions) {
    const value = (answers[q.id] ?? '').trim();
    const label = q.label[language];
    if (value === '') {
      if (q.required) errors.push({ field: q.id, message: t.fieldRequired(label) });
      continue;
    }
    const check = CHECKS[q.kind];
    const message = t.invalid[q.kind];
    if (check && message && check(value) === null) errors.push({ field: q.id, message: message(label) });
  }
  return errors;
}
