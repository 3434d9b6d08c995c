/**
 * Forensics for a body whose signature does not match: which common transformation of the bytes
 * Klarefi signed would produce the body the receiver stored, and where the two first differ.
 */

/** A guess at the bytes that were signed, made from the stored body, and what it means. */
interface Hypothesis {
  original(body: Buffer): Buffer | undefined;
  meaning: string;
}

const VERIFY_RAW = 'Verify (and store) the raw request bytes, before any JSON parser or text decoding runs.';

function reserialised(body: Buffer): Buffer | undefined {
  try {
    return Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
  } catch {
    return undefined;
  }
}

const HYPOTHESES: Hypothesis[] = [
  {
    original: (body) => {
      const cut = body.at(-1) === 0x0a ? (body.at(-2) === 0x0d ? 2 : 1) : 0;
      return cut ? body.subarray(0, body.length - cut) : undefined;
    },
    meaning:
      'The body ends with a line break that the delivery did not have (added when it was saved or piped with echo); remove it, e.g. printf instead of echo.',
  },
  {
    original: reserialised,
    meaning: `Klarefi signed compact JSON as it sent it; this body was parsed and written out again (pretty-printed, escapes or numbers rewritten) after it arrived. ${VERIFY_RAW}`,
  },
  {
    original: (body) =>
      body.includes('\r\n')
        ? Buffer.from(body.toString('latin1').replace(/\r\n/g, '\n'), 'latin1')
        : undefined,
    meaning: `Line endings were converted to CRLF after the body arrived (a text-mode write, a Windows editor). ${VERIFY_RAW}`,
  },
  {
    original: (body) => {
      const text = body.toString('utf8');
      // Latin-1 read of UTF-8 bytes, written back as UTF-8: undo it when every character fits a byte.
      return /[\u0080-\u00ff]/.test(text) && [...text].every((ch) => ch.charCodeAt(0) <= 0xff)
        ? Buffer.from(text, 'latin1')
        : undefined;
    },
    meaning: `The body was decoded as Latin-1 (or another single-byte charset) and written back as UTF-8, so every non-ASCII character changed. ${VERIFY_RAW}`,
  },
];

/** What kind of bytes differ at the first difference. */
function kindAt(signed: Buffer, stored: Buffer, offset: number): string {
  const a = signed[offset];
  const b = stored[offset];
  if (a === undefined || b === undefined) return a === undefined ? 'extra bytes at the end' : 'cut short';
  const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
  if (isSpace(a) || isSpace(b)) return 'whitespace';
  if (a === 0x5c || b === 0x5c) return 'an escape sequence';
  if (a >= 0x80 || b >= 0x80) return 'non-ASCII text';
  const numeric = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45;
  if (numeric(a) && numeric(b)) return 'a number';
  return 'content or key order';
}

function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

const show = (bytes: Buffer, from: number) =>
  JSON.stringify(bytes.subarray(from, from + 16).toString('utf8'));

/**
 * When a common transformation of `body` is what the signature covers, says so: "this body is
 * not the bytes that were signed: it differs at offset N (whitespace)", with what each side has
 * there and the usual cause. `undefined` when none explains it (then the secret is the suspect).
 */
export function explainMismatch(body: Buffer, matches: (candidate: Buffer) => boolean): string | undefined {
  for (const hypothesis of HYPOTHESES) {
    const original = hypothesis.original(body);
    if (!original || original.equals(body) || !matches(original)) continue;
    const offset = firstDifference(original, body);
    return [
      `This body is not the bytes that were signed: it differs at offset ${offset} (${kindAt(original, body, offset)}).`,
      `  The signed bytes have ${show(original, offset)} there, this body ${show(body, offset)}.`,
      `  ${hypothesis.meaning}`,
    ].join('\n');
  }
  return undefined;
}
