import { KlarefiClient } from '../client/index.js';
import { hasMethods } from '../errors/base.js';
import { type OptionChecker, optionChecker } from '../shared/options.js';
import { unknownOptionMessage } from '../shared/suggest.js';
import { type DedupeStore, MemoryDedupeStore } from '../webhooks/dedupe.js';
import { checkSecrets, secretFlaw } from '../webhooks/secrets.js';
import { checkTolerance } from '../webhooks/timestamp.js';
import { checkEndpoint, checkSecretForKey, fromEnv } from './env.js';
import type { WebhookInbox } from './inbox.js';
import type { KlarefiOptions, StartClaimOptions } from './options.js';
import type { WebhookOutcomeHandler } from './outcome.js';

export const DEFAULT_START_CLAIM_PATH = '/start-claim';
export const DEFAULT_WEBHOOK_PATH = '/webhooks/klarefi';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_DEDUPE_TTL_SECONDS = 86_400;
// A claim outlives the sender's 30 s answer window, so a crashed handler's claim lapses.
export const DEFAULT_CLAIM_TTL_SECONDS = 60;
export const DEFAULT_START_CLAIM_TIMEOUT_MS = 10_000;

/** The options after validation, with every default filled in. */
export interface ResolvedOptions<TRequest, TTx = never> {
  client: KlarefiClient | null;
  secrets: string[];
  startClaim:
    | (Omit<StartClaimOptions<TRequest>, 'path' | 'redirectStatus' | 'timeoutMs'> & {
        path: string;
        redirectStatus: 302 | 303;
        timeoutMs: number;
      })
    | null;
  webhook: {
    path: string;
    toleranceSeconds: number;
    dedupe: DedupeStore | null;
    inbox: WebhookInbox<TTx> | null;
    dedupeTtlSeconds: number;
    claimTtlSeconds: number;
    maxBodyBytes: number;
    now: () => number;
    onOutcome: WebhookOutcomeHandler<TRequest> | null;
  };
}

const KNOWN = [
  'client',
  'apiKey',
  'baseUrl',
  'webhookSecret',
  'startClaim',
  'webhook',
  'on',
  'onEvent',
  'caseTypes',
];
const check: OptionChecker = optionChecker();
const fail: OptionChecker['fail'] = check.fail;
// Adapters pass their own options through (prefix, isGlobal, ...), so unknown keys are only
// refused when they look like a misspelling of a shared option.
function checkTypos(options: object): void {
  for (const key of Object.keys(options)) {
    const message = unknownOptionMessage('Klarefi', key, KNOWN);
    if (message !== undefined) fail(message);
  }
}

function checkPath(value: unknown, option: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !value.startsWith('/') || /[?#\s]/.test(value)) {
    return check.invalid(
      option,
      value,
      `a path starting with "/" without a query string (default "${fallback}")`,
    );
  }
  return value.length > 1 && value.endsWith('/') ? value.slice(0, -1) : value;
}

function positiveInteger(value: unknown, option: string, fallback: number): number {
  return check.integer(option, value, { fallback });
}

function resolveClient(o: KlarefiOptions<unknown, unknown>, needed: boolean): KlarefiClient | null {
  if (o.client !== undefined && o.apiKey !== undefined)
    fail('Pass either client or apiKey to Klarefi, not both.');
  if (o.client !== undefined) {
    if (!hasMethods(o.client, ['createSession'])) {
      check.invalid(
        'client',
        o.client,
        'a KlarefiClient',
        'Pass new KlarefiClient({ apiKey }), or apiKey instead.',
      );
    }
    return o.client;
  }
  const apiKey = o.apiKey ?? fromEnv('KLAREFI_API_KEY');
  if (apiKey !== undefined) {
    const baseUrl = o.baseUrl ?? fromEnv('KLAREFI_API_BASE_URL');
    checkEndpoint(apiKey, baseUrl);
    return new KlarefiClient({ apiKey, baseUrl });
  }
  if (needed) {
    fail(
      'startClaim needs a Klarefi API client: set apiKey (e.g. process.env.KLAREFI_API_KEY) or client, or set startClaim: false.',
    );
  }
  return null;
}

function resolveStartClaim<T>(value: unknown): ResolvedOptions<T>['startClaim'] {
  if (value === false) return null;
  if (value === undefined || typeof value !== 'object' || value === null) {
    return fail(
      'Set startClaim: { caseTypeId: "motor_claim" } (your case type), or startClaim: false for no /start-claim route.',
    );
  }
  const s = value as StartClaimOptions<T>;
  if (typeof s.caseTypeId !== 'string' || s.caseTypeId.trim() === '') {
    fail(
      'startClaim.caseTypeId is required: the case type configured in your Klarefi dashboard, e.g. "motor_claim".',
    );
  }
  if (s.ttlHours !== undefined) positiveInteger(s.ttlHours, 'startClaim.ttlHours', 168);
  if (s.locale !== undefined && (typeof s.locale !== 'string' || s.locale === '')) {
    check.invalid('startClaim.locale', s.locale, 'a BCP 47 language tag such as "nl" or "en"');
  }
  check.optionalFunction('startClaim.session', s.session, '(request) => session parameters');
  return {
    ...s,
    path: checkPath(s.path, 'startClaim.path', DEFAULT_START_CLAIM_PATH),
    redirectStatus: check.oneOf('startClaim.redirectStatus', s.redirectStatus, [303, 302] as const, 303),
    timeoutMs: positiveInteger(s.timeoutMs, 'startClaim.timeoutMs', DEFAULT_START_CLAIM_TIMEOUT_MS),
  };
}

// The HMAC key is the exact string, so these secrets would fail every delivery with a 401;
// the messages never echo the secret.
function checkSecretShapes(secrets: string[]): string[] {
  secrets.forEach((secret, i) => {
    const flaw = secretFlaw(secret);
    const which = secrets.length > 1 ? `webhookSecret[${i}]` : 'webhookSecret';
    if (flaw) fail(`${which} ${flaw}. As given, every delivery would fail its signature check.`);
  });
  return secrets;
}

function resolveInbox<TTx>(value: unknown, dedupe: unknown): WebhookInbox<TTx> | null {
  if (value === undefined) return null;
  if (!hasMethods(value, ['process'])) {
    check.invalid(
      'webhook.inbox',
      value,
      'a WebhookInbox (with a process method)',
      'e.g. postgresInbox({ pool }).',
    );
  }
  if (dedupe !== undefined && dedupe !== false) {
    fail('Give webhook.inbox or webhook.dedupe, not both: the inbox records each delivery itself.');
  }
  return value as WebhookInbox<TTx>;
}

function resolveDedupe(value: unknown, inbox: unknown): DedupeStore | null {
  if (value === false || inbox) return null;
  if (value === undefined) return new MemoryDedupeStore();
  if (!hasMethods(value, ['claim', 'complete', 'release'])) {
    return check.invalid(
      'webhook.dedupe',
      value,
      'a DedupeStore (with claim, complete and release methods) or false',
      'e.g. new RedisDedupeStore({ client }).',
    );
  }
  return value as DedupeStore;
}

/** Validates the shared options once, at start-up, and fills in every default. */
export function resolveOptions<TRequest, TTx>(
  options: KlarefiOptions<TRequest, TTx>,
): ResolvedOptions<TRequest, TTx> {
  if (typeof options !== 'object' || options === null) {
    fail('Klarefi needs an options object: { apiKey, webhookSecret, startClaim: { caseTypeId } }.');
  }
  checkTypos(options);
  const secret = options.webhookSecret ?? fromEnv('KLAREFI_WEBHOOK_SECRET');
  if (secret === undefined) {
    fail(
      'No webhook signing secret: pass webhookSecret: "whsec_..." or set KLAREFI_WEBHOOK_SECRET in the environment.',
    );
  }
  const secrets = checkSecretShapes(checkSecrets(secret, 'webhookSecret option'));
  const startClaim = resolveStartClaim<TRequest>(options.startClaim);
  const client = resolveClient(options as KlarefiOptions<unknown, unknown>, startClaim !== null);
  checkSecretForKey(secrets, client?.environment);
  const w = options.webhook ?? {};
  if (typeof w !== 'object') check.invalid('webhook', w, 'an object of webhook options');
  check.optionalFunction('webhook.now', w.now, 'returning milliseconds');
  check.optionalFunction(
    'webhook.onOutcome',
    w.onOutcome,
    '(outcome, request) => void, e.g. logWebhookOutcomes(logger)',
  );
  const webhook = {
    path: checkPath(w.path, 'webhook.path', DEFAULT_WEBHOOK_PATH),
    toleranceSeconds: checkTolerance(w.toleranceSeconds, 'webhook.toleranceSeconds'),
    dedupe: resolveDedupe(w.dedupe, w.inbox),
    inbox: resolveInbox<TTx>(w.inbox, w.dedupe),
    dedupeTtlSeconds: positiveInteger(
      w.dedupeTtlSeconds,
      'webhook.dedupeTtlSeconds',
      DEFAULT_DEDUPE_TTL_SECONDS,
    ),
    claimTtlSeconds: positiveInteger(w.claimTtlSeconds, 'webhook.claimTtlSeconds', DEFAULT_CLAIM_TTL_SECONDS),
    maxBodyBytes: positiveInteger(w.maxBodyBytes, 'webhook.maxBodyBytes', DEFAULT_MAX_BODY_BYTES),
    now: w.now ?? Date.now,
    onOutcome: w.onOutcome ?? null,
  };
  if (startClaim && startClaim.path === webhook.path)
    fail(`startClaim.path and webhook.path are both "${webhook.path}"; give them different paths.`);
  return { client, secrets, startClaim, webhook };
}
