/** How a question asks for its answer, read from the hosted form's markup. */
export type AnswerKind = 'text' | 'date' | 'amount' | 'plate' | 'textarea' | 'email' | 'phone';

type Lang = 'en' | 'nl';

const BY_KIND: Record<Exclude<AnswerKind, 'text'>, Record<Lang, string>> = {
  date: { en: '2023-02-03', nl: '3 februari 2023' },
  amount: { en: 'EUR 1,234.56', nl: '€ 1.234,56' },
  plate: { en: 'AB-123-C', nl: 'ab-123-c' },
  email: { en: 'claimant@example.com', nl: 'claimant@example.nl' },
  phone: { en: '+31 6 12345678', nl: '06 12345678' },
  textarea: {
    en: 'Rear-ended at a traffic light; the rear bumper is dented.',
    nl: 'Aanrijding bij een verkeerslicht; de achterbumper is ingedeukt.',
  },
};

const TEXT_BY_NAME: Array<[RegExp, Record<Lang, string>]> = [
  [/location|address|destination|place|city/, { en: 'Damrak 1, Amsterdam', nl: 'Damrak 1, Amsterdam' }],
  [/policy|number|reference|_id$/, { en: 'POL-1234567', nl: 'POL-1234567' }],
  [/cause|reason/, { en: 'Water leak from the flat upstairs', nl: 'Waterlekkage van de bovenburen' }],
  [/name/, { en: 'Alex de Vries', nl: 'Alex de Vries' }],
];

/** The language a persona writes in: Dutch for `nl`, `nl-BE`, …, English otherwise. */
export function personaLanguage(locale: string | undefined): Lang {
  return locale !== undefined && /^nl(?:-|$)/i.test(locale) ? 'nl' : 'en';
}

/**
 * A valid answer for a question of `kind` named `name`, written the way a claimant speaking `lang`
 * writes it (Dutch dates and amounts for `nl`), so the default persona exercises the normalisers.
 */
export function personaAnswer(kind: AnswerKind, name: string, lang: Lang): string {
  if (kind !== 'text') return BY_KIND[kind][lang];
  for (const [pattern, text] of TEXT_BY_NAME) if (pattern.test(name)) return text[lang];
  return lang === 'nl' ? 'Antwoord van de testpersoon' : 'Answer from the test persona';
}
