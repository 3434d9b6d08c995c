import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { constructEvent, KlarefiWebhookSignatureError, type WebhookSignatureErrorCode } from '@klarefi/sdk';
import { lastValue, parseFlags, parseWholeNumber } from '../args.js';
import { println, type ResolvedIO, UsageError, warnIfNotSigningSecret } from '../io.js';
import { explainMismatch } from './verify-forensics.js';

const COMMAND = 'webhooks verify';

const FLAGS = {
  secret: { type: 'string', multiple: true },
  header: { type: 'string' },
  'body-file': { type: 'string' },
  tolerance: { type: 'string' },
  now: { type: 'string' },
} as const;

/** What usually causes each refusal, and what to try next. `{t}` is the header's timestamp. */
const USUAL_CAUSES: Record<WebhookSignatureErrorCode, string> = {
  missing_header:
    'Copy the whole X-Klarefi-Signature value of the request, e.g. --header "t=1700000000,v1=…".',
  malformed_header:
    'The value was changed when it was copied: cut short, quotes or line breaks added, or another header pasted.',
  timestamp_outside_tolerance:
    'A delivery captured a while ago (or a clock that is off). To check the signature as of when it was sent, pass --now {t}.',
  no_matching_signature:
    "The secret is not this endpoint's signing secret (every endpoint has its own), or the body is not the exact bytes that were sent: re-serialised or pretty-printed JSON, another encoding, or a line break added when it was saved.",
  invalid_json:
    'The signature is valid, so these are the bytes Klarefi signed, yet they are not a JSON object: the body file probably holds more than the body (the whole request, with its headers).',
  invalid_payload_type: 'The body could not be read as bytes.',
};

/**
 * `klarefi webhooks verify`: checks one captured delivery with the SDK's `constructEvent` and says
 * which check failed. Exit 0 valid, 1 refused, 2 usage.
 */
export async function runWebhooksVerify(argv: string[], io: ResolvedIO): Promise<number> {
  const { flags } = parseFlags(argv, FLAGS, COMMAND);
  const secrets = flags.secret?.length ? flags.secret : [io.env.KLAREFI_WEBHOOK_SECRET ?? ''];
  if (secrets.some((s) => !s.trim())) {
    throw new UsageError(
      'Set KLAREFI_WEBHOOK_SECRET (or pass --secret whsec_...): the signing secret of the endpoint that received the delivery.',
      COMMAND,
    );
  }
  const header = lastValue(flags.header)?.replace(/^\s*x-klarefi-signature\s*:\s*/i, '');
  if (!header) {
    throw new UsageError(
      "Missing --header: the delivery's X-Klarefi-Signature value, e.g. --header 't=1700000000,v1=…'.",
      COMMAND,
    );
  }
  const tolerance =
    flags.tolerance === undefined
      ? undefined
      : parseWholeNumber(flags.tolerance, '--tolerance', 1, 31_536_000, COMMAND);
  const nowMs = flags.now === undefined ? Date.now() : parseNow(flags.now);
  const body = await readBody(flags['body-file'], io);
  for (const secret of secrets) warnIfNotSigningSecret(secret, io);

  const options = { now: () => nowMs, ...(tolerance === undefined ? {} : { toleranceSeconds: tolerance }) };
  let event: Record<string, unknown>;
  try {
    event = constructEvent(body, header, secrets, options) as unknown as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof KlarefiWebhookSignatureError)) throw error;
    println(io.stderr, `Invalid: ${error.code}`);
    println(io.stderr, `  ${error.message}`);
    println(io.stderr, `  Usual cause: ${usualCause(error.code, header, body, secrets, options)}`);
    return 1;
  }
  const type = String(event.event_type ?? event.event ?? 'an event without a type');
  const delivery =
    typeof event.delivery_id === 'string' ? `delivery ${event.delivery_id}` : 'no delivery_id (legacy body)';
  const timestamp = Number(signedAt(header));
  println(io.stdout, `Valid: ${type}, ${delivery}`);
  println(io.stdout, `  signed at ${new Date(timestamp * 1000).toISOString()} (t=${timestamp})`);
  return 0;
}

function usualCause(
  code: WebhookSignatureErrorCode,
  header: string,
  body: Buffer,
  secrets: string[],
  options: { now: () => number; toleranceSeconds?: number },
): string {
  if (code === 'no_matching_signature') {
    const explained = explainMismatch(body, (candidate) => matches(candidate, header, secrets, options));
    if (explained) return explained;
  }
  const cause = USUAL_CAUSES[code];
  return code === 'timestamp_outside_tolerance' ? cause.replace('{t}', signedAt(header) ?? '<t>') : cause;
}

/** The header's `t`, for the messages only: the SDK has checked it (or said why not). */
function signedAt(header: string): string | undefined {
  return /(?:^|,)\s*t=(\d+)\s*(?:,|$)/.exec(header)?.[1];
}

function matches(
  body: Buffer,
  header: string,
  secrets: string[],
  options: { now: () => number; toleranceSeconds?: number },
): boolean {
  try {
    constructEvent(body, header, secrets, options);
    return true;
  } catch {
    return false;
  }
}

/** `--now` as unix seconds (the header's own form) or an ISO 8601 date, in milliseconds. */
function parseNow(value: string): number {
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `--now must be unix seconds (like the t= of the header) or an ISO 8601 date (got '${value}').`,
      COMMAND,
    );
  }
  return ms;
}

async function readBody(file: string | undefined, io: ResolvedIO): Promise<Buffer> {
  let body: Buffer;
  if (file !== undefined) {
    const full = resolve(io.cwd, file);
    try {
      body = await readFile(full);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unreadable';
      throw new UsageError(`--body-file cannot be read (${code}): ${full}`, COMMAND);
    }
  } else {
    if (io.stdin.isTTY) {
      throw new UsageError(
        'Pass the raw body with --body-file <file>, or pipe it on stdin (exactly the bytes received).',
        COMMAND,
      );
    }
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
    body = Buffer.concat(chunks);
  }
  if (body.length === 0) {
    throw new UsageError(
      'The body is empty. Pass the raw body with --body-file <file>, or pipe it on stdin.',
      COMMAND,
    );
  }
  return body;
}
