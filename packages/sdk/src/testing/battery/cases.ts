import { type KlarefiRefusalCode, REFUSALS } from '../../handler/answer.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../../webhooks/timestamp.js';
import {
  MAX_BODY_BYTES,
  oddlySpaced,
  paddedTo,
  reverseSortedKeys,
  testEnvelope,
  testLegacyEvent,
  withRawMembers,
} from './bodies.js';
import { type BatteryDelivery, deliveryOf, signatureFor, signed, strangerSecret, v1Of } from './signing.js';

/** The parts of the battery, in the order they run and are reported. */
export type BatteryGroup = 'good' | 'bytes' | 'refusals' | 'retries' | 'rotation';

/** A title per group, for reports. */
export const GROUP_TITLES: Record<BatteryGroup, string> = {
  good: 'Good path',
  bytes: 'Byte-exact verification',
  refusals: 'Refusals',
  retries: 'Retries (at-least-once delivery)',
  rotation: 'Secret rotation',
};

/**
 * What a correct receiver does with a case. `accept`: every copy answered 2xx (a concurrent copy
 * may instead get a retryable answer such as 409) and the handler runs once per `delivery_id`.
 * `refuse`: a 4xx and no handler run; `status` and `code` are what `@klarefi/sdk` answers, which a
 * receiver in another language need not copy.
 */
export type BatteryExpectation =
  | { accept: true }
  | { accept: false; status: number; code: KlarefiRefusalCode };

/** What a case is built from. */
export interface BatteryContext {
  /** The receiver's signing secrets, the current one first; at least one. */
  secrets: readonly string[];
  /** The sender's clock, unix seconds. */
  now: number;
}

/** One check of the battery: deliveries as data, and what a correct receiver answers. */
export interface BatteryCase {
  /** Stable id, e.g. `bytes.whitespace`; used in JSON reports and test names. */
  id: string;
  group: BatteryGroup;
  /** What is sent, in a few words. */
  title: string;
  expect: BatteryExpectation;
  /**
   * How the deliveries are sent: one after the other, or all at once.
   * @default 'sequential'
   */
  send?: 'sequential' | 'concurrent';
  /**
   * The case only applies when the receiver holds at least this many secrets.
   * @default 1
   */
  minSecrets?: number;
  /** The deliveries, in order. */
  build(ctx: BatteryContext): BatteryDelivery[];
  /** When a receiver answers otherwise while the good path passes: what that usually means. */
  cause: string;
  /** What to change in the receiver. */
  fix: string;
}

const RESERIALISED =
  'The receiver verifies a re-serialised body (a parsed-then-stringified JSON object), not the bytes that were sent, so it refuses any body its serialiser would write differently.';
const VERIFY_RAW =
  'Verify the raw request bytes before any JSON parser runs: keep the body as bytes (express.raw(), request.get_data(), a raw body reader), or use a Klarefi adapter, which does.';
const ACCEPTED_FORGERY =
  'Verify before doing anything: answer 4xx and run no handler unless the check passes.';

const signedNow = (body: string, ctx: BatteryContext, deliveryId: string | null = null) =>
  signed(body, ctx.secrets[0] as string, ctx.now, deliveryId);

/** An envelope, compact, signed with the current secret: the building block of most cases. */
function envelopeDelivery(ctx: BatteryContext, deliveryId?: string): BatteryDelivery {
  const event = testEnvelope(deliveryId);
  return signedNow(JSON.stringify(event), ctx, event.delivery_id);
}

/** A body-variant case: a fresh envelope written as `write` makes it, signed as sent. */
function bytesCase(id: string, title: string, write: (event: object) => string, cause: string): BatteryCase {
  return {
    id,
    group: 'bytes',
    title,
    expect: { accept: true },
    build(ctx) {
      const event = testEnvelope();
      return [signedNow(write(event), ctx, event.delivery_id)];
    },
    cause,
    fix: VERIFY_RAW,
  };
}

function refusal(
  id: string,
  title: string,
  code: KlarefiRefusalCode,
  build: (ctx: BatteryContext) => BatteryDelivery,
  cause: string,
  fix = ACCEPTED_FORGERY,
): BatteryCase {
  return {
    id,
    group: 'refusals',
    title,
    expect: { accept: false, status: REFUSALS[code].status, code },
    build: (ctx) => [build(ctx)],
    cause,
    fix,
  };
}

/** A delivery signed `offset` seconds away from the sender's clock. */
function offsetDelivery(ctx: BatteryContext, offset: number): BatteryDelivery {
  const event = testEnvelope();
  return signed(JSON.stringify(event), ctx.secrets[0] as string, ctx.now + offset, event.delivery_id);
}

/** The clock offset of the stale and future cases: well outside any sensible tolerance. */
export const CLOCK_CASE_OFFSET_S = 3600;

/**
 * The battery: every check `klarefi doctor` runs against a receiver over HTTP, and the black-box
 * part of the conformance suite that every adapter runs in-process. Add a case here and both run it.
 */
export const BATTERY: readonly BatteryCase[] = [
  {
    id: 'good.envelope',
    group: 'good',
    title: 'current envelope (v1.webhook.test), compact',
    expect: { accept: true },
    build: (ctx) => [envelopeDelivery(ctx)],
    cause:
      'A correctly signed delivery was not acknowledged. Usual causes: the receiver holds another secret (every endpoint has its own whsec_), it verifies something other than the raw body, or it answers a non-2xx after verifying (a handler error answered as 4xx).',
    fix: "Configure this endpoint's signing secret, verify the raw bytes, and answer 2xx once the event is handled (5xx when it could not be, so Klarefi retries).",
  },
  {
    id: 'good.legacy',
    group: 'good',
    title: 'legacy body ({ event, case_id, org_id, timestamp, data })',
    expect: { accept: true },
    build: (ctx) => [signedNow(JSON.stringify(testLegacyEvent()), ctx)],
    cause:
      'The receiver refuses the legacy body shape, which has event instead of event_type and no delivery_id; Klarefi still sends it to older endpoints.',
    fix: 'Accept both shapes: read event_type, or event when there is none, and dedupe the legacy shape on the signature header.',
  },
  bytesCase(
    'bytes.whitespace',
    'non-canonical whitespace (tabs, " : ", CRLF, final line break)',
    oddlySpaced,
    RESERIALISED,
  ),
  bytesCase(
    'bytes.key-order',
    'keys in an order no serialiser writes (reverse alphabetical)',
    (event) => JSON.stringify(reverseSortedKeys(event)),
    `${RESERIALISED} Its serialiser sorts or reorders keys (Go maps, Jackson ORDER_MAP_ENTRIES_BY_KEYS, json.dumps(sort_keys=True)).`,
  ),
  bytesCase(
    'bytes.escapes',
    '\\u escapes and \\/ in strings',
    (event) => withRawMembers(event, '"note":"caf\\u00e9 \\/ \\u2013 claims"'),
    `${RESERIALISED} Its serialiser writes the escaped characters literally.`,
  ),
  bytesCase(
    'bytes.numbers',
    'number forms a parser rewrites (1.0, 1e2, -0)',
    (event) => withRawMembers(event, '"amount":1.0,"ratio":1e2,"delta":-0'),
    `${RESERIALISED} Its serialiser writes 1.0 as 1 and 1e2 as 100.`,
  ),
  bytesCase(
    'bytes.non-ascii',
    'non-ASCII text in UTF-8 (Zoë, 東京, 🚗)',
    (event) => withRawMembers(event, '"claimant":"Zoë Ærø, 東京 🚗"'),
    'The receiver transcodes the body (reads it as Latin-1 or another charset, or its serialiser escapes non-ASCII as \\u sequences) before verifying.',
  ),
  {
    id: 'bytes.900kb',
    group: 'bytes',
    title: 'a 900 KB body (under the 1 MiB limit)',
    expect: { accept: true },
    build(ctx) {
      const event = testEnvelope();
      return [signedNow(paddedTo(900 * 1024, event.delivery_id), ctx, event.delivery_id)];
    },
    cause:
      'A large, valid delivery is refused: a body parser or proxy limit below 1 MiB (express.json() and body-parser default to 100 kB, nginx client_max_body_size to 1 MB) or a read timeout.',
    fix: 'Allow bodies up to 1 MiB on the webhook route, in the app and in every proxy in front of it.',
  },
  refusal(
    'refuse.tampered',
    'a tampered body (one byte changed after signing)',
    'no_matching_signature',
    (ctx) => {
      const event = testEnvelope();
      const body = JSON.stringify(event);
      const header = signatureFor(new TextEncoder().encode(body), [ctx.secrets[0] as string], ctx.now);
      return deliveryOf(
        body.replace('"v1.webhook.test"', '"v1.webhook.tesT"'),
        header,
        event.delivery_id,
        ctx.now,
      );
    },
    'The receiver accepted a body that is not the one that was signed: it does not verify the signature, or compares it wrongly.',
  ),
  refusal(
    'refuse.wrong-secret',
    'signed with a secret the receiver does not hold',
    'no_matching_signature',
    (ctx) => {
      const event = testEnvelope();
      return signed(JSON.stringify(event), strangerSecret(), ctx.now, event.delivery_id);
    },
    'The receiver accepted a signature made with another secret: it does not verify, or accepts any well-formed header.',
  ),
  refusal(
    'refuse.stale',
    `a timestamp ${CLOCK_CASE_OFFSET_S / 60} min old`,
    'timestamp_outside_tolerance',
    (ctx) => offsetDelivery(ctx, -CLOCK_CASE_OFFSET_S),
    'The receiver has no timestamp window: a captured delivery can be replayed to it at any time.',
    `Refuse a t more than ${DEFAULT_TOLERANCE_SECONDS} s away from now, on both sides (constructEvent and the adapters do).`,
  ),
  refusal(
    'refuse.future',
    `a timestamp ${CLOCK_CASE_OFFSET_S / 60} min in the future`,
    'timestamp_outside_tolerance',
    (ctx) => offsetDelivery(ctx, CLOCK_CASE_OFFSET_S),
    'The receiver checks only that t is not too old, so a delivery signed in the future stays replayable until then.',
    `Refuse a t more than ${DEFAULT_TOLERANCE_SECONDS} s away from now, on both sides.`,
  ),
  refusal(
    'refuse.missing-header',
    'no X-Klarefi-Signature header',
    'missing_header',
    (ctx) => {
      const event = testEnvelope();
      return deliveryOf(JSON.stringify(event), undefined, event.delivery_id, ctx.now);
    },
    'The receiver accepted an unsigned delivery: verification is skipped when the header is missing.',
  ),
  refusal(
    'refuse.malformed-header',
    'a malformed header (no t, a v1 that is not hex)',
    'malformed_header',
    (ctx) => {
      const event = testEnvelope();
      return deliveryOf(JSON.stringify(event), 'v1=not-a-signature', event.delivery_id, ctx.now);
    },
    'The receiver accepted a header it cannot have verified.',
  ),
  refusal(
    'refuse.oversize',
    `a valid delivery of 1 MiB + 1 byte (${MAX_BODY_BYTES + 1} bytes)`,
    'payload_too_large',
    (ctx) => {
      const event = testEnvelope();
      return signedNow(paddedTo(MAX_BODY_BYTES + 1, event.delivery_id), ctx, event.delivery_id);
    },
    'The receiver accepts bodies over 1 MiB: nothing bounds the memory one request can take.',
    'Refuse bodies over 1 MiB with 413 before reading them whole.',
  ),
  {
    id: 'retry.sequential',
    group: 'retries',
    title: 'the same delivery_id twice in a row (signed afresh)',
    expect: { accept: true },
    build(ctx) {
      const first = envelopeDelivery(ctx);
      return [first, envelopeDelivery({ ...ctx, now: ctx.now + 1 }, first.deliveryId as string)];
    },
    cause:
      'A retried delivery was refused. Klarefi delivers at least once and signs every retry afresh: a receiver that refuses a delivery_id it has seen (or a signature it has seen) turns a retry into a lost event.',
    fix: 'Answer 2xx to a delivery_id already processed, without running the handler again.',
  },
  {
    id: 'retry.concurrent',
    group: 'retries',
    title: 'the same delivery_id twice at once',
    send: 'concurrent',
    expect: { accept: true },
    build(ctx) {
      const first = envelopeDelivery(ctx);
      return [first, envelopeDelivery(ctx, first.deliveryId as string)];
    },
    cause:
      'Neither copy of a delivery sent twice at once was acknowledged, or a copy got a 4xx: while the first copy runs, the other must get 2xx or a retryable answer (409, 429, 5xx).',
    fix: 'Claim the delivery_id atomically (a unique row, SET NX); answer 409 to a copy that arrives while the first is running.',
  },
  {
    id: 'rotation.unknown-first',
    group: 'rotation',
    title: 'a header with two v1, an unknown one first',
    expect: { accept: true },
    build(ctx) {
      const event = testEnvelope();
      const body = new TextEncoder().encode(JSON.stringify(event));
      const stranger = v1Of(strangerSecret(), ctx.now, body);
      const header = `t=${ctx.now},v1=${stranger},v1=${v1Of(ctx.secrets[0] as string, ctx.now, body)}`;
      return [deliveryOf(body, header, event.delivery_id, ctx.now)];
    },
    cause:
      'The receiver checks only the first v1 of the header. While Klarefi rotates an endpoint secret it signs with both, and the one this receiver holds may come second.',
    fix: 'Accept the delivery when any v1 matches any secret you hold (constructEvent and the adapters do).',
  },
  {
    id: 'rotation.each-secret',
    group: 'rotation',
    title: 'one delivery signed with each configured secret',
    minSecrets: 2,
    expect: { accept: true },
    build: (ctx) =>
      ctx.secrets.map((secret) => {
        const event = testEnvelope();
        return signed(JSON.stringify(event), secret, ctx.now, event.delivery_id);
      }),
    cause:
      'The receiver refuses deliveries signed with one of the secrets given: it holds only one of them, so deliveries are lost during the rotation.',
    fix: 'Hold every secret of the rotation (webhookSecret: [newSecret, oldSecret]) until the old one is retired.',
  },
];

/** The cases that apply to a receiver holding `secretCount` secrets. */
export function batteryFor(secretCount: number): BatteryCase[] {
  return BATTERY.filter((c) => (c.minSecrets ?? 1) <= secretCount);
}

/**
 * How many handler runs a correct receiver makes for a case's deliveries: one per distinct
 * `delivery_id` (a legacy body, which has none, counts once).
 */
export function expectedRuns(c: BatteryCase, deliveries: readonly BatteryDelivery[]): number {
  if (!c.expect.accept) return 0;
  const ids = new Set(deliveries.map((d, i) => d.deliveryId ?? `#${i}`));
  return ids.size;
}
