import { CLOCK_CASE_OFFSET_S, signed, testEnvelope } from '@klarefi/sdk/testing';
import type { CheckResult } from './checks.js';
import { type Answer, isAcknowledged, type Sender } from './send.js';

/** Binary searches stop when the window's edge is known to within this many seconds. */
const RESOLUTION_S = 5;
/** How far apart the offsets tried are when even a fresh delivery is refused: under any sane window's width. */
const SCAN_STEP_S = 450;
/** The scan tries every step up to 2 h away, then every hour up to a day. */
const SCAN_OFFSETS_S = [
  ...Array.from({ length: 16 }, (_, i) => (i + 1) * SCAN_STEP_S),
  ...Array.from({ length: 22 }, (_, i) => (i + 3) * 3600),
];

/** Sends one valid delivery signed `offset` seconds from the sender's clock; `true` when acknowledged. */
type Probe = (offset: number) => Promise<boolean>;

function prober(sender: Sender, secret: string, now: () => number, answers: Answer[]): Probe {
  return async (offset) => {
    const event = testEnvelope();
    const answer = await sender.send(
      signed(JSON.stringify(event), secret, now() + offset, event.delivery_id),
    );
    answers.push(answer);
    return isAcknowledged(answer);
  };
}

/** The accepted offset nearest the edge between an accepted `inside` and a refused `outside`. */
async function edge(probe: Probe, inside: number, outside: number): Promise<number> {
  let lo = inside;
  let hi = outside;
  while (Math.abs(hi - lo) > RESOLUTION_S) {
    const mid = Math.round((lo + hi) / 2);
    if (await probe(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The window around an accepted offset, or `beyond` for a side still accepted `limit` seconds away. */
async function windowAround(probe: Probe, accepted: number, limit: number) {
  const past = (await probe(accepted - limit)) ? 'beyond' : await edge(probe, accepted, accepted - limit);
  const future = (await probe(accepted + limit)) ? 'beyond' : await edge(probe, accepted, accepted + limit);
  return { past, future } as const;
}

const seconds = (s: number) => (Math.abs(s) >= 600 ? `${Math.round(s / 60)} min` : `${s} s`);

/**
 * Measures the window of timestamps the receiver accepts, and from it how far its clock seems to
 * be from this machine's: it accepts `t` in [now + offset - tolerance, now + offset + tolerance].
 */
export async function checkClock(
  sender: Sender,
  secret: string,
  now: () => number,
  goodPathPassed: boolean,
): Promise<CheckResult> {
  const answers: Answer[] = [];
  const probe = prober(sender, secret, now, answers);
  const base = {
    id: 'clock.window',
    group: 'clock' as const,
    title: 'the timestamps it accepts, and its clock',
    answers,
  };
  const expected =
    'a window of about ±300 s around the receiver clock, which should match this one within a few seconds';
  let accepted: number | undefined = goodPathPassed ? 0 : undefined;
  for (const offset of goodPathPassed ? [] : SCAN_OFFSETS_S.flatMap((o) => [-o, o])) {
    if (await probe(offset)) {
      accepted = offset;
      break;
    }
  }
  if (accepted === undefined) {
    return {
      ...base,
      verdict: 'note',
      expected,
      detail: 'not measured: the receiver accepts no valid delivery at any timestamp tried (up to 24 h away)',
    };
  }
  const { past, future } = await windowAround(probe, accepted, CLOCK_CASE_OFFSET_S);
  const side = (edge: number | 'beyond', word: string) =>
    edge === 'beyond'
      ? `more than ${seconds(CLOCK_CASE_OFFSET_S)} ${word}`
      : `${seconds(Math.abs(edge))} ${edge < 0 ? 'before' : 'after'}`;
  const window = `accepts t from ${side(past, 'before')} to ${side(future, 'after')} this machine's clock`;
  if (past === 'beyond' || future === 'beyond') {
    return {
      ...base,
      verdict: 'fail',
      expected,
      detail: window,
      cause: `The receiver's timestamp window is missing ${past === 'beyond' && future === 'beyond' ? 'on both sides' : `on the ${past === 'beyond' ? 'past' : 'future'} side`}: a captured delivery can be replayed.`,
      fix: 'Refuse a t more than 300 s away from the receiver clock, on both sides.',
    };
  }
  const offset = Math.round((future + past) / 2);
  const tolerance = Math.round((future - past) / 2);
  const skew =
    Math.abs(offset) <= RESOLUTION_S
      ? `its clock matches this one (within ${RESOLUTION_S} s)`
      : `its clock is about ${seconds(Math.abs(offset))} ${offset > 0 ? 'ahead' : 'behind'} (±${RESOLUTION_S} s)`;
  const detail = `${window}: a window of about ±${tolerance} s; ${skew}`;
  if (!goodPathPassed) {
    return {
      ...base,
      verdict: 'fail',
      expected,
      detail,
      cause: `The receiver's clock is about ${seconds(Math.abs(offset))} ${offset > 0 ? 'ahead of' : 'behind'} this machine's, so a delivery signed now falls outside its timestamp window.`,
      fix: 'Synchronise the receiver host with NTP (timedatectl set-ntp true, chrony); do not widen the tolerance to hide it.',
    };
  }
  if (Math.abs(offset) > 30) {
    return {
      ...base,
      verdict: 'note',
      expected,
      detail,
      fix: 'Synchronise the receiver host with NTP: every second of skew is taken from the window that retries and slow networks need.',
    };
  }
  return { ...base, verdict: 'pass', expected, detail };
}
