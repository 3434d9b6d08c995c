import type { QuestionKind } from '../case-types/types.js';

/** Every string of the hosted form, in one language. */
export interface Strings {
  banner: string;
  stepOf: (n: number, total: number) => string;
  next: string;
  back: string;
  required: string;
  optional: string;
  errorsSummary: string;
  fieldRequired: (label: string) => string;
  /** The page title's prefix when the step shows errors. */
  errorPrefix: string;
  /** A value that is not of the expected form, per kind: says the format wanted. */
  invalid: Partial<Record<QuestionKind, (label: string) => string>>;
  noFileSelected: string;
  hints: Partial<Record<QuestionKind, string>>;
  documentsHeading: string;
  documentsIntro: string;
  chooseFile: string;
  upload: string;
  uploaded: string;
  noDocuments: string;
  remove: (filename: string) => string;
  documentRequired: string;
  noFileChosen: string;
  fileTooLarge: (mb: number) => string;
  uploadedOk: (filename: string) => string;
  reviewHeading: string;
  reviewIntro: string;
  /** The visible text of a review row's link; the field name follows for screen readers only. */
  change: string;
  notAnswered: string;
  documentsCount: (n: number) => string;
  submit: string;
  invalidLinkTitle: string;
  invalidLinkText: string;
  notFoundTitle: string;
  notFoundText: string;
  expiredTitle: string;
  expiredText: (until: string) => string;
  alreadyTitle: string;
  alreadyText: string;
  doneTitle: string;
  doneText: string;
  reference: string;
  caseTypeMissing: string;
  bytes: (n: number) => string;
}

const en: Strings = {
  banner: 'Klarefi emulator — a local test form; nothing leaves this computer.',
  stepOf: (n, total) => `Step ${n} of ${total}`,
  next: 'Next',
  back: 'Back',
  required: 'required',
  optional: 'optional',
  errorsSummary: 'Please correct the following:',
  fieldRequired: (label) => `Please fill in “${label}”.`,
  errorPrefix: 'Error: ',
  invalid: {
    date: (label) => `“${label}” must be a real date, for example 03-02-2025 or 3 February 2025.`,
    email: (label) => `“${label}” must be an e-mail address like name@example.com.`,
    phone: (label) =>
      `“${label}” must be a phone number of digits, for example +31 6 12345678 or 06 12345678.`,
    amount: (label) => `“${label}” must be an amount in numbers, for example 1,250.00 or € 1,250.`,
  },
  noFileSelected: 'No file chosen',
  hints: {
    date: 'For example 03-02-2025 or 3 February 2025.',
    amount: 'In euros, for example 1,250.00.',
    plate: 'For example AB-123-C.',
    email: 'For example name@example.com.',
    phone: 'For example +31 6 12345678.',
  },
  documentsHeading: 'Documents',
  documentsIntro: 'Add documents that support your claim.',
  chooseFile: 'Choose a file',
  upload: 'Upload',
  uploaded: 'Uploaded documents',
  noDocuments: 'No documents uploaded yet.',
  remove: (filename) => `Remove ${filename}`,
  documentRequired: 'Please upload at least one document.',
  noFileChosen: 'Choose a file to upload first.',
  fileTooLarge: (mb) => `The file is larger than ${mb} MB. Choose a smaller file.`,
  uploadedOk: (filename) => `${filename} was uploaded.`,
  reviewHeading: 'Check your answers',
  reviewIntro: 'After submitting you can no longer change your answers.',
  change: 'Change',
  notAnswered: 'Not answered',
  documentsCount: (n) => (n === 1 ? '1 document' : `${n} documents`),
  submit: 'Submit claim',
  invalidLinkTitle: 'This link is not valid',
  invalidLinkText:
    'The link is incomplete or has been changed. Use the link you received, or ask for a new one.',
  notFoundTitle: 'Form not found',
  notFoundText: 'There is no form at this address. Use the link you received, or ask for a new one.',
  expiredTitle: 'This link has expired',
  expiredText: (until) => `The link was valid until ${until}. Ask for a new link to continue.`,
  alreadyTitle: 'Already submitted',
  alreadyText:
    'This claim has already been submitted; it cannot be submitted again. You do not need to do anything else.',
  doneTitle: 'Thank you',
  doneText: 'Your claim has been submitted. We will be in touch.',
  reference: 'Reference',
  caseTypeMissing: 'This form is no longer available. Please contact us.',
  bytes: (n) => (n < 1024 ? `${n} bytes` : `${Math.round(n / 1024)} KB`),
};

const nl: Strings = {
  banner: 'Klarefi-emulator — een lokaal testformulier; er gaat niets van deze computer af.',
  stepOf: (n, total) => `Stap ${n} van ${total}`,
  next: 'Volgende',
  back: 'Vorige',
  required: 'verplicht',
  optional: 'optioneel',
  errorsSummary: 'Verbeter het volgende:',
  fieldRequired: (label) => `Vul “${label}” in.`,
  errorPrefix: 'Fout: ',
  invalid: {
    date: (label) => `“${label}” moet een bestaande datum zijn, bijvoorbeeld 03-02-2025 of 3 februari 2025.`,
    email: (label) => `“${label}” moet een e-mailadres zijn zoals naam@voorbeeld.nl.`,
    phone: (label) =>
      `“${label}” moet een telefoonnummer in cijfers zijn, bijvoorbeeld 06 12345678 of +31 6 12345678.`,
    amount: (label) => `“${label}” moet een bedrag in cijfers zijn, bijvoorbeeld 1.250,00 of € 1.250.`,
  },
  noFileSelected: 'Geen bestand gekozen',
  hints: {
    date: 'Bijvoorbeeld 03-02-2025 of 3 februari 2025.',
    amount: 'In euro, bijvoorbeeld 1.250,00.',
    plate: 'Bijvoorbeeld AB-123-C.',
    email: 'Bijvoorbeeld naam@voorbeeld.nl.',
    phone: 'Bijvoorbeeld 06 12345678.',
  },
  documentsHeading: 'Documenten',
  documentsIntro: 'Voeg documenten toe die uw claim onderbouwen.',
  chooseFile: 'Kies een bestand',
  upload: 'Uploaden',
  uploaded: 'Geüploade documenten',
  noDocuments: 'Nog geen documenten geüpload.',
  remove: (filename) => `${filename} verwijderen`,
  documentRequired: 'Upload minstens één document.',
  noFileChosen: 'Kies eerst een bestand om te uploaden.',
  fileTooLarge: (mb) => `Het bestand is groter dan ${mb} MB. Kies een kleiner bestand.`,
  uploadedOk: (filename) => `${filename} is geüpload.`,
  reviewHeading: 'Controleer uw antwoorden',
  reviewIntro: 'Na het indienen kunt u uw antwoorden niet meer wijzigen.',
  change: 'Wijzigen',
  notAnswered: 'Niet ingevuld',
  documentsCount: (n) => (n === 1 ? '1 document' : `${n} documenten`),
  submit: 'Claim indienen',
  invalidLinkTitle: 'Deze link is niet geldig',
  invalidLinkText:
    'De link is onvolledig of gewijzigd. Gebruik de link die u hebt ontvangen, of vraag een nieuwe aan.',
  notFoundTitle: 'Formulier niet gevonden',
  notFoundText:
    'Op dit adres staat geen formulier. Gebruik de link die u hebt ontvangen, of vraag een nieuwe aan.',
  expiredTitle: 'Deze link is verlopen',
  expiredText: (until) => `De link was geldig tot ${until}. Vraag een nieuwe link aan om verder te gaan.`,
  alreadyTitle: 'Al ingediend',
  alreadyText:
    'Deze claim is al ingediend en kan niet nog eens worden ingediend. U hoeft verder niets te doen.',
  doneTitle: 'Bedankt',
  doneText: 'Uw claim is ingediend. We nemen contact met u op.',
  reference: 'Referentie',
  caseTypeMissing: 'Dit formulier is niet meer beschikbaar. Neem contact met ons op.',
  bytes: (n) => (n < 1024 ? `${n} bytes` : `${Math.round(n / 1024)} kB`),
};

/** The strings of the form in `language`. */
export function strings(language: 'en' | 'nl'): Strings {
  return language === 'nl' ? nl : en;
}

/** A date and time written for the language, in UTC. */
export function formatDateTime(iso: string, language: 'en' | 'nl'): string {
  const formatted = new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso));
  return `${formatted} UTC`;
}
