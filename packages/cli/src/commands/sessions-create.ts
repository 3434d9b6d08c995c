import {
  isKlarefiApiError,
  type KlarefiApiError,
  KlarefiArgumentError,
  KlarefiClient,
  type CreateSessionParams,
  KlarefiConnectionError,
  KlarefiTimeoutError,
} from '@klarefi/sdk';
import { DEFAULT_PORT, DEV_API_KEY } from '@klarefi/emulator';
import { parseFlags, parseWholeNumber, requireHttpUrl } from '../args.js';
import { CommandError, println, type ResolvedIO, UsageError } from '../io.js';

const COMMAND = 'sessions create';

const FLAGS = {
  'case-type': { type: 'string' },
  locale: { type: 'string' },
  'external-case-id': { type: 'string' },
  'external-applicant-id': { type: 'string' },
  'external-customer-id': { type: 'string' },
  'return-url': { type: 'string' },
  'ttl-hours': { type: 'string' },
  'trace-id': { type: 'string' },
  'idempotency-key': { type: 'string' },
  'api-key': { type: 'string' },
  'base-url': { type: 'string' },
  'url-only': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** The optional string flags that map one-to-one onto body fields of `POST /sessions`. */
const PASS_THROUGH = {
  locale: 'locale',
  'external-case-id': 'external_case_id',
  'external-applicant-id': 'external_applicant_id',
  'external-customer-id': 'external_customer_id',
  'trace-id': 'trace_id',
  'idempotency-key': 'idempotency_key',
} as const;

type StringField = (typeof PASS_THROUGH)[keyof typeof PASS_THROUGH];

/** `klarefi sessions create`: creates an intake session and prints it. */
export async function runSessionsCreate(argv: string[], io: ResolvedIO): Promise<number> {
  const { flags } = parseFlags(argv, FLAGS, COMMAND);
  if (flags['url-only'] && flags.json)
    throw new UsageError('Pass either --url-only or --json, not both.', COMMAND);
  const caseType = flags['case-type'];
  if (!caseType) throw new UsageError('Missing --case-type (e.g. --case-type motor_claim).', COMMAND);

  const apiKey = flags['api-key'] ?? io.env.KLAREFI_API_KEY;
  if (!apiKey) {
    throw new UsageError(
      'Set KLAREFI_API_KEY (or pass --api-key); `klarefi dev` prints a test key.',
      COMMAND,
    );
  }
  const baseUrlSource = flags['base-url'] ? '--base-url' : 'KLAREFI_API_BASE_URL';
  const baseUrl = flags['base-url'] ?? (io.env.KLAREFI_API_BASE_URL || undefined);
  if (baseUrl !== undefined) requireHttpUrl(baseUrl, baseUrlSource, COMMAND);
  if (baseUrl === undefined) checkServiceKey(apiKey, io);

  const params: CreateSessionParams = { case_type_id: caseType };
  for (const [flag, field] of Object.entries(PASS_THROUGH) as Array<
    [keyof typeof PASS_THROUGH, StringField]
  >) {
    const value = flags[flag];
    if (value !== undefined) params[field] = value;
  }
  if (flags['return-url'] !== undefined) {
    params.return_url = requireHttpUrl(flags['return-url'], '--return-url', COMMAND).href;
  }
  if (flags['ttl-hours'] !== undefined) {
    params.ttl_hours = parseWholeNumber(flags['ttl-hours'], '--ttl-hours', 1, 24 * 365, COMMAND);
  }

  const client = new KlarefiClient({
    apiKey,
    fetch: io.fetch,
    ...(baseUrl === undefined ? {} : { baseUrl }),
  });
  let session: Awaited<ReturnType<KlarefiClient['createSession']>>;
  try {
    session = await client.createSession(params);
  } catch (error) {
    if (isKlarefiApiError(error)) throw new CommandError(describeApiError(error, baseUrlSource));
    if (error instanceof KlarefiArgumentError) throw new UsageError(error.message, COMMAND);
    if (error instanceof KlarefiConnectionError || error instanceof KlarefiTimeoutError) {
      const where = baseUrl ?? "Klarefi's service";
      throw new CommandError(
        `${error.message} No answer from ${where}: check ${baseUrlSource} (\`klarefi dev\` runs a local Klarefi).`,
      );
    }
    throw error;
  }

  if (flags['url-only']) println(io.stdout, session.signed_url);
  else if (flags.json) println(io.stdout, JSON.stringify(session, null, 2));
  else {
    const replay = session.idempotent_replay === true;
    println(io.stdout, replay ? 'Session replayed (same idempotency key)' : 'Session created');
    println(io.stdout, `  session_id  ${session.session_id}`);
    println(io.stdout, `  expires_at  ${session.expires_at}`);
    println(io.stdout, `  signed_url  ${session.signed_url}`);
    println(io.stdout);
    println(io.stdout, 'Open the signed URL to fill in the intake form as the claimant.');
  }
  return 0;
}

/**
 * Klarefi's service takes test keys (the prefix picks the test environment), so a test key goes
 * there with a note; the emulator's own key means only the emulator's URL is missing.
 */
function checkServiceKey(apiKey: string, io: ResolvedIO): void {
  if (apiKey === DEV_API_KEY) {
    throw new UsageError(
      `That is the local emulator's test key, and KLAREFI_API_BASE_URL is not set, so the request would go to Klarefi's service. Set KLAREFI_API_BASE_URL (or --base-url) to the URL \`klarefi dev\` prints, e.g. http://127.0.0.1:${DEFAULT_PORT}.`,
      COMMAND,
    );
  }
  if (apiKey.startsWith('sk_test_')) {
    println(
      io.stderr,
      "Note: a test key (sk_test_) with no KLAREFI_API_BASE_URL goes to Klarefi's service, which creates the session in your workspace's test environment. For the local emulator, set KLAREFI_API_BASE_URL to the URL `klarefi dev` prints.",
    );
  }
}

/** The SDK's message already names the status, type, code and request id; this adds what to do. */
function describeApiError(error: KlarefiApiError, baseUrlSource: string): string {
  const hint =
    error.status === 401 || error.status === 403
      ? ' Check KLAREFI_API_KEY (or --api-key).'
      : error.type === undefined
        ? ` That answer is not from a Klarefi API: check ${baseUrlSource} (the base URL, without /api/v1).`
        : '';
  return `${error.message}${hint}`;
}
