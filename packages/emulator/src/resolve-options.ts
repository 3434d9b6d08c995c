import { type OptionChecker, optionChecker } from '@klarefi/sdk/adapter';
import type { CaseTypeDefinition } from './case-types/types.js';
import { resolveCaseTypes } from './case-types/validate.js';
import { DEFAULT_ORG_ID } from './constants.js';
import { randomHex } from './ids.js';
import type { EmulatorEndpoint, EmulatorOptions } from './options.js';

/** Every documented scope; the emulator's main key has all of them. */
export const ALL_SCOPES = [
  'intake:sessions:create',
  'cases:read',
  'cases:process',
  'privacy:erase',
  'webhooks:test',
  'webhooks:acknowledge',
] as const;

const SCHEDULES = {
  dev: [1_000, 5_000, 15_000, 30_000, 60_000, 120_000],
  service: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000],
} as const;

/** An endpoint with its defaults filled in. */
export interface ResolvedEndpoint {
  url: string;
  /** `undefined`: sign with the emulator's webhook secret. */
  secret: string | undefined;
  /** `undefined`: the emulator's previous webhook secret. */
  previousSecret: string | undefined;
  handler: ((request: Request) => Response | Promise<Response>) | undefined;
  events: string[];
  failure: { status: number | undefined; delayMs: number; times: number } | undefined;
}

/** The options with every default filled in and checked. */
export interface ResolvedOptions {
  port: number;
  host: string;
  apiKey: string;
  apiKeyGenerated: boolean;
  webhookSecret: string;
  webhookSecretGenerated: boolean;
  previousWebhookSecret: string;
  /** The additional keys and their scopes; the main key (which may come from `dataFile`) has all. */
  keys: Map<string, Set<string>>;
  endpoints: ResolvedEndpoint[];
  caseTypes: Map<string, CaseTypeDefinition>;
  thinBodies: boolean;
  retrySchedule: number[];
  deliveryTimeoutMs: number;
  rateLimitPerMinute: number;
  dataFile: string | undefined;
  orgId: string;
  now: () => number;
  log: (line: string) => void;
}

const check: OptionChecker = optionChecker();
const fail: OptionChecker['fail'] = check.fail;

function checkBoolean(value: unknown, option: string): boolean {
  return check.oneOf(option, value, [true, false], false);
}

function checkApiKey(key: unknown, option: string): string {
  if (typeof key !== 'string' || key === '')
    return check.invalid(option, key, 'a string starting with sk_test_');
  if (key.startsWith('sk_live_')) {
    fail(
      `${option} is a live key (sk_live_…). The emulator is for test keys only: pass a sk_test_ key, or leave ${option} unset to get a generated one.`,
    );
  }
  if (!key.startsWith('sk_test_') || key.length < 12 || /\s/.test(key)) {
    fail(`${option} must start with sk_test_ and have at least 4 more characters, without spaces.`);
  }
  return key;
}

function checkSecret(secret: unknown, option: string): string {
  if (typeof secret !== 'string' || !secret.startsWith('whsec_') || secret.length < 10 || /\s/.test(secret)) {
    fail(`${option} must be a signing secret starting with whsec_ (at least 4 more characters, no spaces).`);
  }
  return secret;
}

function checkPositiveInt(value: unknown, option: string, fallback: number): number {
  return check.integer(option, value, { fallback });
}

/** Checks one endpoint and fills its defaults. */
export function resolveEndpoint(e: EmulatorEndpoint, where = 'endpoint'): ResolvedEndpoint {
  if (typeof e !== 'object' || e === null)
    fail(`${where} must be an object { url, secret?, previousSecret?, handler?, events?, failure? }.`);
  let url: URL;
  try {
    url = new URL(e.url);
  } catch {
    fail(
      `${where}.url must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:3000/webhooks/klarefi.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    fail(`${where}.url must use http:// or https://.`);
  const secret = e.secret === undefined ? undefined : checkSecret(e.secret, `${where}.secret`);
  const previousSecret =
    e.previousSecret === undefined ? undefined : checkSecret(e.previousSecret, `${where}.previousSecret`);
  if (e.handler !== undefined && typeof e.handler !== 'function') {
    fail(`${where}.handler must be a function (request: Request) => Response, such as a Hono app's fetch.`);
  }
  const events = e.events ?? ['*'];
  if (!Array.isArray(events) || events.length === 0) {
    fail(`${where}.events must be a non-empty array of event types (e.g. ["v1.case.completed"]) or ["*"].`);
  }
  for (const type of events) {
    if (typeof type !== 'string' || !(type === '*' || /^v1(\.[a-z_]+)+$/.test(type))) {
      fail(`${where}.events: ${JSON.stringify(type)} is not an event type like "v1.case.completed" or "*".`);
    }
  }
  let failure: ResolvedEndpoint['failure'];
  if (e.failure !== undefined) {
    const { status, delayMs = 0, times = Number.POSITIVE_INFINITY } = e.failure;
    if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
      fail(`${where}.failure.status must be an HTTP status from 100 to 599.`);
    }
    if (!(Number.isFinite(delayMs) && delayMs >= 0)) fail(`${where}.failure.delayMs must be a number ≥ 0.`);
    if (times !== Number.POSITIVE_INFINITY) checkPositiveInt(times, `${where}.failure.times`, 1);
    if (status === undefined && delayMs === 0) fail(`${where}.failure needs a status, a delayMs, or both.`);
    failure = { status, delayMs, times };
  }
  return { url: url.href, secret, previousSecret, handler: e.handler, events, failure };
}

/** Checks the options and fills every default; throws `KlarefiConfigError` naming the option to fix. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null)
    fail('startEmulator(options) takes an options object.');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail('port must be a whole number from 0 to 65535.');
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') fail("host must be an address such as '127.0.0.1'.");
  const apiKey =
    options.apiKey === undefined ? `sk_test_emu_${randomHex(16)}` : checkApiKey(options.apiKey, 'apiKey');
  const webhookSecret =
    options.webhookSecret === undefined
      ? `whsec_emu_${randomHex(24)}`
      : checkSecret(options.webhookSecret, 'webhookSecret');
  const keys = new Map<string, Set<string>>();
  (options.additionalKeys ?? []).forEach((k, i) => {
    const key = checkApiKey(k?.apiKey, `additionalKeys[${i}].apiKey`);
    if (!Array.isArray(k.scopes) || k.scopes.some((s) => !(ALL_SCOPES as readonly string[]).includes(s))) {
      fail(`additionalKeys[${i}].scopes must be an array of scopes from: ${ALL_SCOPES.join(', ')}.`);
    }
    keys.set(key, new Set(k.scopes));
  });
  if (options.endpoints !== undefined && !Array.isArray(options.endpoints))
    fail('endpoints must be an array.');
  const endpoints = (options.endpoints ?? []).map((e, i) => resolveEndpoint(e, `endpoints[${i}]`));
  const schedule = options.retrySchedule ?? 'dev';
  let retrySchedule: number[];
  if (schedule === 'dev' || schedule === 'service') retrySchedule = [...SCHEDULES[schedule]];
  else if (Array.isArray(schedule) && schedule.every((d) => Number.isFinite(d) && d >= 0))
    retrySchedule = [...schedule];
  else
    fail("retrySchedule must be 'dev', 'service', or an array of delays in milliseconds such as [20, 40].");
  if (options.dataFile !== undefined && (typeof options.dataFile !== 'string' || options.dataFile === '')) {
    fail('dataFile must be a file path.');
  }
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  if (typeof now !== 'function')
    check.invalid('now', now, 'a function returning milliseconds since the epoch');
  if (typeof log !== 'function') check.invalid('log', log, 'a function that takes one line of text');
  const orgId = options.orgId ?? DEFAULT_ORG_ID;
  if (typeof orgId !== 'string' || !/^[A-Za-z0-9_-]+$/.test(orgId))
    fail('orgId must be letters, digits, _ or -.');
  return {
    port,
    host,
    apiKey,
    apiKeyGenerated: options.apiKey === undefined,
    webhookSecret,
    webhookSecretGenerated: options.webhookSecret === undefined,
    previousWebhookSecret:
      options.previousWebhookSecret === undefined
        ? `whsec_emu_prev_${randomHex(24)}`
        : checkSecret(options.previousWebhookSecret, 'previousWebhookSecret'),
    keys,
    endpoints,
    caseTypes: resolveCaseTypes(options.caseTypes, options.caseTypesFile),
    thinBodies: checkBoolean(options.thinBodies, 'thinBodies'),
    retrySchedule,
    deliveryTimeoutMs: checkPositiveInt(options.deliveryTimeoutMs, 'deliveryTimeoutMs', 30_000),
    rateLimitPerMinute: checkPositiveInt(options.rateLimitPerMinute, 'rateLimitPerMinute', 600),
    dataFile: options.dataFile,
    orgId,
    now,
    log,
  };
}
