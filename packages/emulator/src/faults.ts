import { type OptionChecker, optionChecker } from '@klarefi/sdk/adapter';
import { semanticName } from './events.js';

/** What a fault's `match` predicate sees of a delivery. */
export interface FaultTarget {
  deliveryId: string;
  /** `v1.case.completed`, … */
  type: string;
  caseId: string | null;
  endpointUrl: string;
  /** The parsed event body. */
  event: Record<string, unknown>;
}

/**
 * How the emulator misbehaves for a matching delivery, the way the real service or the network
 * between it and a receiver can. A fault applies to every attempt of the delivery it binds to
 * unless `attempts` limits it, and each attempt records the faults applied to it.
 */
export interface FaultSpec {
  /**
   * Which deliveries: an event type (`'case.completed'` or `'v1.case.completed'`), or a predicate.
   * @default every delivery
   */
  match?: string | ((delivery: FaultTarget) => boolean);
  /**
   * How many matching deliveries the fault binds to, in the order they are first attempted.
   * @default 1 (the next matching delivery)
   */
  deliveries?: number | 'all';
  /**
   * Applies to the first `attempts` attempts of each bound delivery only.
   * @default every attempt
   */
  attempts?: number;
  /** Sends every attempt twice: one copy after the other was answered, or both at once. */
  duplicate?: 'sequential' | 'concurrent';
  /**
   * Holds the delivery back until a later delivery to the same endpoint has been answered, so the
   * receiver sees the later event first (held at most `deliveryTimeoutMs`).
   */
  reorder?: boolean;
  /** Waits this long (real time) before sending. */
  delayMs?: number;
  /** Signs with a timestamp this many seconds off the emulator's clock (negative: in the past). */
  clockSkewSeconds?: number;
  /**
   * Changes the body after it was signed, as a re-serialising body parser (`reserialised`: the same
   * JSON indented), an editor adding a byte order mark (`bom`) or a proxy rewriting line ends
   * (`crlf`: indented JSON with CRLF) would. A receiver verifying the raw bytes refuses it (401).
   */
  body?: 'reserialised' | 'bom' | 'crlf';
  /** Signs with the endpoint's previous secret (a rotation in progress) or with a secret nobody has. */
  signWith?: 'previous-secret' | 'wrong-secret';
}

/** A checked fault with its bookkeeping. */
export interface ResolvedFault {
  id: string;
  spec: FaultSpec;
  matches: (target: FaultTarget) => boolean;
  /** Deliveries it may still bind to. */
  remaining: number;
  attempts: number;
  /** Short words for the attempt log: `duplicate:concurrent`, `clockSkewSeconds:400`, … */
  labels: string[];
}

const check: OptionChecker = optionChecker('faults.add(fault)');
const fail: OptionChecker['fail'] = check.fail;

function count(value: unknown, name: string, byDefault: number): number {
  if (value === undefined) return byDefault;
  if (value === 'all' && name === 'deliveries') return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(value) || (value as number) < 1)
    check.invalid(name, value, `a whole number ≥ 1${name === 'deliveries' ? " or 'all'" : ''}`);
  return value as number;
}

/** Checks a fault; throws `KlarefiConfigError` saying which field is wrong and what it takes. */
export function resolveFault(spec: FaultSpec, id: string): ResolvedFault {
  if (typeof spec !== 'object' || spec === null) fail('pass an object such as { duplicate: "concurrent" }.');
  const { match } = spec;
  let matches: ResolvedFault['matches'];
  if (match === undefined) matches = () => true;
  else if (typeof match === 'function') matches = match;
  else if (typeof match === 'string' && match !== '') {
    const wanted = semanticName(match);
    matches = (t) => semanticName(t.type) === wanted;
  } else fail('match must be an event type such as "case.completed" or a function (delivery) => boolean.');
  const labels: string[] = [];
  if (spec.duplicate !== undefined) {
    if (spec.duplicate !== 'sequential' && spec.duplicate !== 'concurrent')
      fail("duplicate must be 'sequential' or 'concurrent'.");
    labels.push(`duplicate:${spec.duplicate}`);
  }
  if (spec.reorder !== undefined) {
    if (spec.reorder !== true) fail('reorder must be true (leave it out otherwise).');
    labels.push('reorder');
  }
  if (spec.delayMs !== undefined) {
    if (!(Number.isFinite(spec.delayMs) && spec.delayMs >= 0))
      fail('delayMs must be a number of milliseconds ≥ 0.');
    labels.push(`delayMs:${spec.delayMs}`);
  }
  if (spec.clockSkewSeconds !== undefined) {
    if (!Number.isInteger(spec.clockSkewSeconds)) fail('clockSkewSeconds must be a whole number of seconds.');
    labels.push(`clockSkewSeconds:${spec.clockSkewSeconds}`);
  }
  if (spec.body !== undefined) {
    if (!['reserialised', 'bom', 'crlf'].includes(spec.body))
      fail("body must be 'reserialised', 'bom' or 'crlf'.");
    labels.push(`body:${spec.body}`);
  }
  if (spec.signWith !== undefined) {
    if (spec.signWith !== 'previous-secret' && spec.signWith !== 'wrong-secret')
      fail("signWith must be 'previous-secret' or 'wrong-secret'.");
    labels.push(`signWith:${spec.signWith}`);
  }
  if (labels.length === 0)
    fail('say what goes wrong: duplicate, reorder, delayMs, clockSkewSeconds, body or signWith.');
  return {
    id,
    spec,
    matches,
    remaining: count(spec.deliveries, 'deliveries', 1),
    attempts: count(spec.attempts, 'attempts', Number.POSITIVE_INFINITY),
    labels,
  };
}

/** The bytes actually sent for a body fault; the signature stays over the original. */
export function alterBody(body: string, kind: NonNullable<FaultSpec['body']>): string {
  if (kind === 'bom') return `\uFEFF${body}`;
  const indented = JSON.stringify(JSON.parse(body) as unknown, null, 2);
  return kind === 'crlf' ? indented.replace(/\n/g, '\r\n') : indented;
}
