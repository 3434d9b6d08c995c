/** A money amount as the emulator normalises it. */
export interface Money {
  amount: number;
  currency: 'EUR' | 'USD' | 'GBP';
}

const MONTHS: Record<string, number> = {
  januari: 1,
  january: 1,
  jan: 1,
  februari: 2,
  february: 2,
  feb: 2,
  maart: 3,
  march: 3,
  mrt: 3,
  mar: 3,
  maa: 3,
  april: 4,
  apr: 4,
  mei: 5,
  may: 5,
  juni: 6,
  june: 6,
  jun: 6,
  juli: 7,
  july: 7,
  jul: 7,
  augustus: 8,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  oktober: 10,
  october: 10,
  okt: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

const WEEKDAYS =
  /^(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|thursday|friday|saturday|sunday|ma|di|wo|do|vr|za|zo|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?,?\s+/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function fullYear(text: string): number {
  const y = Number(text);
  if (text.length === 4) return y;
  // Two-digit years: 00–69 are this century, 70–99 the last, the usual pivot for claim dates.
  return y < 70 ? 2000 + y : 1900 + y;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return null;
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function monthNumber(word: string): number | undefined {
  return MONTHS[word.replace(/\.$/, '')];
}

/**
 * Normalises a date written the Dutch or English way to an ISO date (`YYYY-MM-DD`), or `null` when it
 * is not a real date. Numeric dates are read day first (`3-2-2023` is 3 February), unless only a
 * month-first reading is possible (`2/13/2023`).
 */
export function normalizeDate(input: string): string | null {
  let text = input.trim().toLowerCase().replace(/\s+/g, ' ').replace(WEEKDAYS, '');
  if (text === '') return null;

  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ][\d:.]+(?:z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));

  m = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));

  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$/.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const year = fullYear(m[3] as string);
    if (b > 12 && a <= 12) return isoDate(year, a, b);
    return isoDate(year, b, a);
  }

  text = text.replace(/(\d)(?:st|nd|rd|th|e|ste|de)\b/g, '$1');

  // "3 februari 2023", "3 feb. 2023", "3-feb-2023"
  m = /^(\d{1,2})[\s-]+([a-z]+\.?)[\s-]+(\d{4})$/.exec(text);
  if (m) {
    const month = monthNumber(m[2] as string);
    return month ? isoDate(Number(m[3]), month, Number(m[1])) : null;
  }

  // "February 3, 2023", "feb 3 2023"
  m = /^([a-z]+\.?)\s+(\d{1,2}),?\s+(\d{4})$/.exec(text);
  if (m) {
    const month = monthNumber(m[1] as string);
    return month ? isoDate(Number(m[3]), month, Number(m[2])) : null;
  }
  return null;
}

const CURRENCY_WORDS: Array<[RegExp, Money['currency']]> = [
  [/€|\beur\b|\beuros?\b/i, 'EUR'],
  [/\$|\busd\b|\bdollars?\b/i, 'USD'],
  [/£|\bgbp\b|\bpounds?\b/i, 'GBP'],
];

function parseNumber(text: string): number | null {
  if (!/^\d[\d.,]*$/.test(text)) return null;
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  let normalized: string;
  if (lastDot >= 0 && lastComma >= 0) {
    // Both separators: whichever comes last is the decimal one.
    const decimal = lastDot > lastComma ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    const [whole, fraction, extra] = text.split(decimal);
    if (extra !== undefined || fraction === undefined || fraction.includes(thousands)) return null;
    if (!/^\d{1,3}([.,]\d{3})*$/.test(whole as string)) return null;
    normalized = `${(whole as string).split(thousands).join('')}.${fraction}`;
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const parts = text.split(sep);
    const groupedThousands = parts.length > 2 || (parts[1] as string).length === 3;
    if (groupedThousands) {
      // "1.234" and "1,234,567": a separator followed by exactly three digits groups thousands.
      if (!parts.slice(1).every((p) => p.length === 3) || (parts[0] as string).length > 3) return null;
      normalized = parts.join('');
    } else {
      if ((parts[1] as string).length === 0) return null;
      normalized = `${parts[0]}.${parts[1]}`;
    }
  } else {
    normalized = text;
  }
  const value = Number(normalized);
  return Number.isFinite(value) ? Math.round(value * 100) / 100 : null;
}

/**
 * Normalises an amount of money: `"€ 1.234,56"`, `"1,234.56 EUR"`, `"EUR 250"`, `"€ 250,-"` become
 * `{ amount, currency }`. Without a currency mark the currency is EUR. Negative or unreadable amounts
 * give `null`.
 */
export function normalizeAmount(input: string): Money | null {
  let text = input.trim().replace(/[\u00a0\u202f]/g, ' ');
  if (text === '') return null;
  let currency: Money['currency'] = 'EUR';
  let marks = 0;
  for (const [pattern, code] of CURRENCY_WORDS) {
    if (pattern.test(text)) {
      currency = code;
      marks++;
      text = text.replace(new RegExp(pattern.source, 'gi'), ' ');
    }
  }
  if (marks > 1) return null;
  text = text
    .trim()
    .replace(/[,.]-$/, '')
    .replace(/(\d) (?=\d{3}\b)/g, '$1');
  const value = parseNumber(text);
  return value === null ? null : { amount: value, currency };
}

/**
 * Normalises a licence plate: upper case, groups separated by dashes (`"ab-123-c"` and `"AB 123 C"`
 * become `"AB-123-C"`). Without separators the groups follow the letter/digit changes, and a group of
 * four in a six-character plate is split in two (`"AB1234"` → `"AB-12-34"`, the Dutch side codes).
 */
export function normalizePlate(input: string): string | null {
  const text = input.trim().toUpperCase();
  if (!/^[A-Z0-9]+(?:[\s.\-·]+[A-Z0-9]+)*$/.test(text)) return null;
  const compact = text.replace(/[^A-Z0-9]/g, '');
  if (compact.length < 2 || compact.length > 10 || !/\d/.test(compact)) return null;
  let groups = text.split(/[\s.\-·]+/);
  if (groups.length === 1) {
    groups = compact.match(/[A-Z]+|\d+/g) ?? [compact];
    if (compact.length === 6) {
      groups = groups.flatMap((g) => (g.length === 4 ? [g.slice(0, 2), g.slice(2)] : [g]));
    }
  }
  return groups.join('-');
}

/** Normalises an e-mail address (trimmed, domain in lower case), or `null` when it is not one. */
export function normalizeEmail(input: string): string | null {
  const text = input.trim();
  const m = /^([^\s@]+)@([^\s@]+\.[^\s@]+)$/.exec(text);
  return m ? `${m[1]}@${(m[2] as string).toLowerCase()}` : null;
}

/**
 * Normalises a phone number to E.164 (`"+31612345678"`). A national number starting with one `0` is
 * read as Dutch (`"06-12345678"` → `"+31612345678"`); `00` starts an international number.
 */
export function normalizePhone(input: string): string | null {
  const text = input.trim();
  if (!/^\+?[\d\s\-().]+$/.test(text)) return null;
  let digits = text.replace(/[^\d+]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  else if (digits.startsWith('0')) digits = `+31${digits.slice(1)}`;
  else if (!digits.startsWith('+')) return null;
  return /^\+[1-9]\d{7,14}$/.test(digits) ? digits : null;
}

/** Normalises free text: trimmed, and for single-line text runs of white space become one space. */
export function normalizeText(input: string, multiline = false): string | null {
  const text = multiline ? input.trim().replace(/\r\n/g, '\n') : input.trim().replace(/\s+/g, ' ');
  return text === '' ? null : text;
}
