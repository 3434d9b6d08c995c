import { KlarefiConfigError } from '../errors/base.js';
import { unknownOptionMessage } from '../shared/suggest.js';
import { checkClock, type KlarefiClock } from './clock.js';
import { type OptionChecker, optionChecker } from '../shared/options.js';
import { describeValue } from '../shared/redact.js';
import { API_PREFIX, DEFAULT_BASE_URL } from './version.js';

/**
 * The `fetch` the client calls: the platform's global `fetch` or anything with its signature
 * (e.g. undici's, or a wrapper that records requests in tests).
 */
export type KlarefiFetch = (input: string, init: RequestInit) => Promise<Response>;

/** Options of `new KlarefiClient(options)`. */
export interface KlarefiClientOptions {
  /**
   * Your secret API key: `sk_test_...` (test environment) or `sk_live_...` (live). Create one in
   * the Klarefi dashboard under Developer settings; read it from a secret store or an environment
   * variable such as `KLAREFI_API_KEY` (the SDK itself never reads the environment).
   */
  apiKey: string;
  /**
   * The API's origin, with or without a trailing slash; every path is under `/api/v1`. Change it
   * for a pilot workspace or to point at the local emulator (e.g. `http://127.0.0.1:4010`).
   * @default "https://api.klarefi.com"
   */
  baseUrl?: string;
  /**
   * The `fetch` implementation.
   * @default globalThis.fetch
   */
  fetch?: KlarefiFetch;
  /**
   * How long one attempt may take, in milliseconds, before it is aborted (and retried).
   * @default 60000
   */
  timeoutMs?: number;
  /**
   * How many times a failed request is retried (connection errors, timeouts, 408, 409, 429, 5xx).
   * An integer from 0 to 10.
   * @default 2
   */
  maxRetries?: number;
  /** The clock used between retries; for tests. @default the real clock */
  clock?: KlarefiClock;
}

/** Per-call options accepted by every method. */
export interface RequestOptions {
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  /** Aborts the call at once, without retry: the method rejects with `KlarefiAbortError`. */
  signal?: AbortSignal;
}

/** Per-call options of the methods that create something (`POST`). */
export interface IdempotentRequestOptions extends RequestOptions {
  /**
   * The `Idempotency-Key` header. `createSession` and `processDocument` generate one when neither
   * this nor the body's `idempotency_key` is given; the same key is sent on every retry.
   */
  idempotencyKey?: string;
}

/** The client's options with every default applied. */
export interface ResolvedClientOptions {
  apiKey: string;
  environment: 'test' | 'live';
  baseUrl: string;
  fetch: KlarefiFetch;
  timeoutMs: number;
  maxRetries: number;
  clock: Required<KlarefiClock>;
}

/** The defaults of {@link KlarefiClientOptions}. */
export const DEFAULT_CLIENT_OPTIONS = {
  baseUrl: DEFAULT_BASE_URL,
  timeoutMs: 60_000,
  maxRetries: 2,
} as const;

const KEY_HELP =
  'A key looks like sk_test_... (test) or sk_live_... (live); create one in the Klarefi dashboard under ' +
  'Developer settings and pass it, e.g. new KlarefiClient({ apiKey: process.env.KLAREFI_API_KEY }).';
const KNOWN_OPTIONS = ['apiKey', 'baseUrl', 'fetch', 'timeoutMs', 'maxRetries', 'clock'];
const ALIASES: Record<string, string> = {
  timeout: 'timeoutMs',
  retries: 'maxRetries',
  maxnetworkretries: 'maxRetries',
};
// RFC 6750 b64token: the characters a Bearer token may hold.
const TOKEN_CHARS = /^[A-Za-z0-9\-._~+/]+=*$/;
const MAX_TIMER_MS = 2_147_483_647;

const check: OptionChecker = optionChecker('KlarefiClient');

/** Validates `new KlarefiClient(options)` and applies the defaults. Throws {@link KlarefiConfigError}. */
export function resolveClientOptions(options: unknown): ResolvedClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw new KlarefiConfigError(
      `new KlarefiClient(options) needs an options object with an apiKey. ${KEY_HELP}`,
    );
  }
  const given = options as Record<string, unknown>;
  checkMisspelledOptions(given);
  const apiKey = checkApiKey(given.apiKey);
  for (const problem of [checkTimeout(given.timeoutMs), checkMaxRetries(given.maxRetries)]) {
    if (problem !== undefined) check.fail(problem);
  }
  check.optionalFunction('fetch', given.fetch, 'with the signature of the global fetch');
  if (given.fetch === undefined && typeof globalThis.fetch !== 'function') {
    check.fail('this runtime has no global fetch; pass the fetch option.');
  }
  const userFetch = given.fetch as KlarefiFetch | undefined;
  return {
    apiKey,
    environment: apiKey.startsWith('sk_live_') ? 'live' : 'test',
    baseUrl: checkBaseUrl(given.baseUrl),
    // Called as plain functions: Workers' fetch throws "Illegal invocation" when `this` is not global.
    fetch: userFetch
      ? (input, init) => userFetch(input, init)
      : (input, init) => globalThis.fetch(input, init),
    timeoutMs: (given.timeoutMs as number | undefined) ?? DEFAULT_CLIENT_OPTIONS.timeoutMs,
    maxRetries: (given.maxRetries as number | undefined) ?? DEFAULT_CLIENT_OPTIONS.maxRetries,
    clock: checkClock(given.clock),
  };
}

function checkMisspelledOptions(given: Record<string, unknown>): void {
  for (const key of Object.keys(given)) {
    const message = unknownOptionMessage('KlarefiClient', key, KNOWN_OPTIONS, ALIASES);
    if (message !== undefined) throw new KlarefiConfigError(message);
  }
}

function checkApiKey(value: unknown): string {
  const fail = (problem: string): never => check.fail(`${problem} ${KEY_HELP}`);
  if (value === undefined || value === null || value === '') return fail('apiKey is missing.');
  if (typeof value !== 'string') return fail(`apiKey must be a string, got ${describeValue(value)}.`);
  if (value.trim() === '') return fail('apiKey is blank.');
  if (value.trim() !== value) {
    return fail(
      'apiKey has whitespace or a line break at its start or end (often a trailing newline from a .env ' +
        'file or a copy-paste); trim it.',
    );
  }
  if (/^bearer\s/i.test(value))
    return fail('apiKey starts with "Bearer "; pass the key alone, the client adds it.');
  if (value.startsWith('whsec_')) {
    return fail('apiKey looks like a webhook signing secret (whsec_...), not an API key.');
  }
  const prefix = /^sk_(test|live)_/.exec(value);
  if (prefix === null) return fail('apiKey must start with sk_test_ or sk_live_; the value given does not.');
  if (value.length === prefix[0].length)
    return fail(`apiKey is only the prefix ${prefix[0]}; copy the whole key.`);
  if (!TOKEN_CHARS.test(value)) {
    return fail(
      'apiKey contains characters an API key cannot hold (spaces, quotes, non-ASCII); copy it again.',
    );
  }
  return value;
}

function checkBaseUrl(value: unknown): string {
  if (value === undefined) return DEFAULT_CLIENT_OPTIONS.baseUrl;
  const fail = (problem: string): never =>
    check.fail(
      `baseUrl ${problem} Give the API's origin, e.g. "${DEFAULT_BASE_URL}" or "http://127.0.0.1:4010" ` +
        'for the local emulator; the client adds /api/v1 itself.',
    );
  if (typeof value !== 'string') return fail(`must be a string, got ${describeValue(value)}.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('is not an absolute URL (it must start with https:// or http://).');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return fail(`must use http or https, not ${url.protocol}.`);
  if (url.username !== '' || url.password !== '') return fail('must not contain a user name or password.');
  if (url.search !== '' || url.hash !== '') return fail('must not have a query string or a fragment.');
  const path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith(API_PREFIX)) return fail(`must not end with ${API_PREFIX}.`);
  return `${url.origin}${path}`;
}

/** A problem with a `timeoutMs` value, or `undefined` when it is fine (or not given). */
export function checkTimeout(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    return `timeoutMs must be a positive number of milliseconds up to ${MAX_TIMER_MS}, got ${describeValue(value)}.`;
  }
  return undefined;
}

/** A problem with a `maxRetries` value, or `undefined` when it is fine (or not given). */
export function checkMaxRetries(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10) {
    return `maxRetries must be a whole number from 0 to 10 (0 turns retries off), got ${describeValue(value)}.`;
  }
  return undefined;
}
