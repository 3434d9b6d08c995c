/** The languages the example pages speak: `KLAREFI_LOCALE`'s language, English otherwise. */
export type PageLanguage = 'en' | 'nl';

/** `nl`, `nl-NL`, `nl-BE` → `nl`; anything else (or nothing) → `en`. */
export function pageLanguage(locale: string | undefined): PageLanguage {
  return locale?.toLowerCase().split(/[-_]/)[0] === 'nl' ? 'nl' : 'en';
}

const OUTCOMES: Record<PageLanguage, Record<string, string>> = {
  en: {
    'case.completed': 'your claim has been processed.',
    'case.needs_review': 'a member of staff will look at your claim.',
    'case.failed': 'your claim could not be processed automatically; we will contact you.',
    'case.applicant_blocked': 'we need more information from you; we will contact you.',
    'review.completed': 'your claim has been reviewed.',
  },
  nl: {
    'case.completed': 'uw claim is verwerkt.',
    'case.needs_review': 'een medewerker bekijkt uw claim.',
    'case.failed': 'uw claim kon niet automatisch worden verwerkt; we nemen contact met u op.',
    'case.applicant_blocked': 'we hebben meer informatie van u nodig; we nemen contact met u op.',
    'review.completed': 'uw claim is beoordeeld.',
  },
};

/** Every string of the example pages. */
export const TEXT = {
  en: {
    site: 'Klarefi example',
    homeTitle: 'Report a claim',
    homeIntro:
      'We use Klarefi to take your claim: you will answer a few questions on a secure form and come back here.',
    start: 'Start a claim',
    claimsSoFar: 'Claims received so far',
    claim: 'Claim',
    noCaseId: 'This link does not say which claim it is about.',
    home: 'Home',
    waitingTitle: 'Thank you, your claim was submitted',
    waitingText: 'We are checking your answers. This page updates by itself; it takes a few seconds.',
    processing: 'Your claim is being processed.',
    receivedTitle: 'Claim received',
    outcome: (status: string) => OUTCOMES.en[status] ?? 'your claim has been received.',
    caseLabel: 'Case',
    featuresHeading: 'What Klarefi read from the claim',
    feature: 'Field',
    value: 'Value',
    decision: 'Decision',
    noFeatures: 'No fields were extracted.',
    caseType: 'Case type',
    inReview: 'awaiting review',
    reviewNote: (count: number) =>
      `${count === 1 ? '1 field awaits' : `${count} fields await`} review by a member of staff; its value follows once reviewed.`,
    technical: 'For developers',
    verified: (event: string, delivery: string | null) =>
      `Verified webhook ${event}${delivery ? `, delivery ${delivery}` : ''}.`,
    another: 'Start another claim',
    claimsTitle: 'Claims',
    latest: 'Latest event',
    received: 'Received',
    none: 'No webhooks received yet.',
  },
  nl: {
    site: 'Klarefi-voorbeeld',
    homeTitle: 'Schade melden',
    homeIntro:
      'We nemen uw claim op met Klarefi: u beantwoordt een paar vragen op een beveiligd formulier en komt daarna hier terug.',
    start: 'Claim starten',
    claimsSoFar: 'Ontvangen claims',
    claim: 'Claim',
    noCaseId: 'Deze link zegt niet over welke claim het gaat.',
    home: 'Start',
    waitingTitle: 'Bedankt, uw claim is ingediend',
    waitingText: 'We controleren uw antwoorden. Deze pagina ververst vanzelf; dat duurt een paar seconden.',
    processing: 'Uw claim wordt verwerkt.',
    receivedTitle: 'Claim ontvangen',
    outcome: (status: string) => OUTCOMES.nl[status] ?? 'uw claim is ontvangen.',
    caseLabel: 'Dossier',
    featuresHeading: 'Wat Klarefi uit de claim heeft gelezen',
    feature: 'Veld',
    value: 'Waarde',
    decision: 'Beslissing',
    noFeatures: 'Er zijn geen velden uitgelezen.',
    caseType: 'Soort dossier',
    inReview: 'wordt beoordeeld',
    reviewNote: (count: number) =>
      `${count === 1 ? '1 veld wordt' : `${count} velden worden`} door een medewerker beoordeeld; de waarde volgt daarna.`,
    technical: 'Voor ontwikkelaars',
    verified: (event: string, delivery: string | null) =>
      `Geverifieerde webhook ${event}${delivery ? `, aflevering ${delivery}` : ''}.`,
    another: 'Nog een claim starten',
    claimsTitle: 'Claims',
    latest: 'Laatste gebeurtenis',
    received: 'Ontvangen',
    none: 'Nog geen webhooks ontvangen.',
  },
} as const;

/** The strings of one language. */
export type PageText = (typeof TEXT)[PageLanguage];

const INTL_LOCALE: Record<PageLanguage, string> = { en: 'en-GB', nl: 'nl-NL' };

/** A timestamp as a reader writes it: `1 Dec 2026, 07:53 UTC` / `1 dec 2026, 07:53 UTC`. */
export function formatTimestamp(iso: string, lang: PageLanguage): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = new Intl.DateTimeFormat(INTL_LOCALE[lang], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(date);
  return `${text} UTC`;
}

/**
 * A normalised value as the table shows it: money as `EUR 1,250.00` (`EUR 1.250,00` in Dutch),
 * other objects as JSON, dates as the ISO dates Klarefi sends (what your code stores).
 */
export function formatValue(value: unknown, lang: PageLanguage): string {
  if (value && typeof value === 'object') {
    const v = value as { amount?: unknown; currency?: unknown };
    if (typeof v.amount === 'number') {
      const amount = new Intl.NumberFormat(INTL_LOCALE[lang], {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }).format(v.amount);
      return `${typeof v.currency === 'string' ? v.currency : ''} ${amount}`.trim();
    }
    return JSON.stringify(value);
  }
  return String(value ?? '');
}
