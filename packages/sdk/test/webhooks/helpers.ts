import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';
import { afterAll, expect } from 'vitest';
import { KlarefiConfigError, KlarefiError } from '../../src/errors/base.js';
import type { KlarefiEvent, LegacyCaseEvent } from '../../src/types/events.js';
import { KlarefiWebhookSignatureError, type WebhookSignatureErrorCode } from '../../src/errors/signature.js';
import { constructEvent, createSignatureHeader, generateTestHeader } from '../../src/webhooks/node.js';
import type { RawBody } from '../../src/webhooks/raw-body.js';
import type { ConstructEventOptions } from '../../src/webhooks/timestamp.js';
import {
  constructEventAsync,
  createSignatureHeaderAsync,
  generateTestHeaderAsync,
} from '../../src/webhooks/web-crypto.js';

/** The endpoint's current secret, the one it rotated away from, and one that belongs elsewhere. */
export const SECRET = 'whsec_k1arefiCurrent9f3aQ';
export const OLD_SECRET = 'whsec_k1arefiPrevious27bcZ';
export const OTHER_SECRET = 'whsec_someoneElse51deX';
const KNOWN_SECRETS = [SECRET, OLD_SECRET, OTHER_SECRET];

/** A fixed "now" for every test that does not exercise the real clock. */
export const NOW_S = 1_750_000_000;
/** Options that pin the verifier's clock to `seconds`. */
export function at(seconds: number, toleranceSeconds?: number): ConstructEventOptions {
  return { now: () => seconds * 1000, ...(toleranceSeconds !== undefined && { toleranceSeconds }) };
}
export const NOW = at(NOW_S);

/** A current `v1.case.completed` envelope, with non-ASCII text so that UTF-8 matters. */
export const ENVELOPE = {
  event_id: 'evt_01JD5Z6W1T4N8Y0Q3V7K2M9B6C',
  delivery_id: 'whd_01JD5Z6W1T4N8Y0Q3V7K2M9B6D',
  event_type: 'v1.case.completed',
  semantic_event_type: 'case.completed',
  schema_version: 'v1',
  created_at: '2026-01-15T10:30:00Z',
  occurred_at: '2026-01-15T10:29:58Z',
  org_id: 'org_xyz',
  case_id: 'case_abc123',
  session_id: 'ses_01JD5Z6W1T',
  external_case_id: 'CLM-2026-0042',
  external_applicant_id: null,
  external_customer_id: null,
  idempotency_key: 'idem_7d1c',
  trace_id: null,
  data: {
    case_status: 'completed',
    features: {
      incident_date: {
        decision: { decision: 'keep', selected_candidate_id: 'cand_1' },
        candidates: [
          {
            candidate_id: 'cand_1',
            value_raw: '3 februari 2023',
            value_normalized: '2023-02-03',
            evidence_ids: ['ev_1'],
          },
        ],
        evidence: [
          {
            evidence_id: 'ev_1',
            doc_id: 'doc_1',
            page_index: 0,
            location: { char_start: 10, char_end: 25 },
            quote: 'Schadedatum: 3 februari 2023 — Zoë, € 1.250,00 🚗',
            method: 'form_answer',
          },
        ],
      },
    },
  },
} as const;

/** The seed generation's body, as on the product page. */
export const SEED: LegacyCaseEvent<'case.completed'> = {
  event: 'case.completed',
  case_id: 'case_abc123',
  org_id: 'org_xyz',
  timestamp: '2026-01-15T10:30:00Z',
  data: {
    features: {
      incident_date: { decision: { decision: 'keep' }, candidates: [{ value_normalized: '2023-02-03' }] },
    },
  },
};

export const BODY = JSON.stringify(ENVELOPE);
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * An HMAC written here with node:crypto, independent of the code under test:
 * HMAC-SHA256 keyed with the secret's UTF-8 bytes over `t + "." + body bytes`, lowercase hex.
 */
export function hmacHex(secret: string, t: string | number, body: string | Uint8Array): string {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(Buffer.concat([Buffer.from(`${t}.`, 'utf8'), bytes]))
    .digest('hex');
}

/** `t=<t>,v1=<hmac>` over `body`, signed independently of the code under test. */
export function signed(body: string | Uint8Array, secret = SECRET, t: string | number = NOW_S): string {
  return `t=${t},v1=${hmacHex(secret, t, body)}`;
}

/** A well-formed signature that matches nothing. */
export const DECOY = 'd'.repeat(64);

/** The sync and async implementations behind one promise-returning shape, so each suite is written once. */
export interface Impl {
  name: string;
  construct(
    rawBody: unknown,
    header: unknown,
    secret: unknown,
    options?: ConstructEventOptions,
  ): Promise<KlarefiEvent>;
  sign(input: {
    payload: string | Uint8Array;
    secrets: string | readonly string[];
    timestamp?: number;
  }): Promise<string>;
  testHeader(input: { payload: string | Uint8Array; secret: string; timestamp?: number }): Promise<string>;
}

type Header = string | string[] | null | undefined;
type Secret = string | readonly string[];

export const IMPLS: Impl[] = [
  {
    name: 'constructEvent (node:crypto)',
    // Called inside an async function so that a synchronous throw becomes a rejection here.
    construct: async (body, header, secret, options) =>
      constructEvent(body as RawBody, header as Header, secret as Secret, options),
    sign: async (input) => createSignatureHeader(input),
    testHeader: async (input) => generateTestHeader(input),
  },
  {
    name: 'constructEventAsync (Web Crypto)',
    construct: (body, header, secret, options) =>
      constructEventAsync(body as RawBody, header as Header, secret as Secret, options),
    sign: (input) => createSignatureHeaderAsync(input),
    testHeader: (input) => generateTestHeaderAsync(input),
  },
];

const messages: string[] = [];

/** Fails when `message` contains any secret used by the suite, whole or without its prefix. */
export function expectNoSecret(message: string, extra: readonly string[] = []): void {
  messages.push(message);
  for (const secret of [...KNOWN_SECRETS, ...extra]) {
    const core = secret.trim();
    if (core === '') continue;
    expect(message).not.toContain(core);
    if (core.startsWith('whsec_')) expect(message).not.toContain(core.slice('whsec_'.length));
  }
}

/** Registers a file-level check that errors were seen and none of their messages held a secret. */
export function guardSecretsInMessages(): void {
  afterAll(() => {
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) for (const secret of KNOWN_SECRETS) expect(message).not.toContain(secret);
  });
}

async function settle(work: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    const result = await (typeof work === 'function' ? work() : work);
    return { verified: result };
  } catch (error) {
    return error;
  }
}

/** Asserts a refusal: its class chain, its `code`, and that its message names no secret. */
export async function expectRefusal(
  work: Promise<unknown> | (() => unknown),
  code: WebhookSignatureErrorCode,
  extraSecrets: readonly string[] = [],
): Promise<KlarefiWebhookSignatureError> {
  const error = await settle(work);
  expect(error, `expected a ${code} refusal`).toBeInstanceOf(KlarefiWebhookSignatureError);
  const refusal = error as KlarefiWebhookSignatureError;
  expect(refusal).toBeInstanceOf(KlarefiError);
  expect(refusal).toBeInstanceOf(Error);
  expect(refusal.name).toBe('KlarefiWebhookSignatureError');
  expect({ code: refusal.code, message: refusal.message }).toMatchObject({ code });
  expect(refusal.message.length).toBeGreaterThan(20);
  expectNoSecret(refusal.message, extraSecrets);
  return refusal;
}

/** Asserts a start-up error: a KlarefiConfigError (not a signature error) whose message names no secret. */
export async function expectConfigError(
  work: Promise<unknown> | (() => unknown),
  extraSecrets: readonly string[] = [],
): Promise<KlarefiConfigError> {
  const error = await settle(work);
  expect(error, 'expected a KlarefiConfigError').toBeInstanceOf(KlarefiConfigError);
  expect(error).toBeInstanceOf(KlarefiError);
  expect(error).not.toBeInstanceOf(KlarefiWebhookSignatureError);
  expectNoSecret((error as Error).message, extraSecrets);
  return error as KlarefiConfigError;
}
