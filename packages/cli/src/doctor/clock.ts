import { testEnvelope } from '../battery/bodies.js';
import { CLOCK_CASE_OFFSET_S } from '../battery/index.js';
import { signed } from '../battery/signing.js';
import type { CheckResult } from './checks.js';
import { type Answer, isAcknowledged, type Sender } from './send.js';

/** Binary searches stop when the window's edge is known to within this many seconds. */
const RESOLUTION_S = 5;
/** Offsets tried when even a fresh delivery is refused: is the receiver's clock far off? */
const WIDE_OFFSETS_S = [600, 1800, 3600, 6 * 3600, 24 * 3600];

/** Sends one valid delivery signed `offset` seconds from the sender's clock; `true` when acknowledged. */
type Probe = (offset: number) => Promise<{ ok: boolean; answer: Answer }>;

function prober(sender: Sender, secret: string, now: () => number, answers: Answer[]): Probe {
  return async (offset) => {
    const event = testEnvelope();
    const answer = await sender.send(
      signed(JSON.stringify(event), secret, now() + offset, event.delivery_id),
    );
    answers.push(answer);
    return { ok: isAcknowledged(answer), answer };
  };
}

/** The largest offset in [0, max] (in `sign`'s direction) the receiver accepts, when 0 is accepted. */
async function edge(probe: Probe, sign: 1 | -1, max: number): Promise<number | 'beyond'> {
  if ((await probe(sign * max)).ok) return 'beyond';
  let lo = 0;
  let hi = max;
  while (hi - lo > RESOLUTION_S) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await probe(sign * mid)).ok) lo = mid;
    else hi = mid;
  }
  return lo;
}

const seconds = (s: number) => (Math.abs(s) >= 3600 ? `${Math.round(s / 60)} min` : `${s} s`);

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
  if (!goodPathPassed) {
    for (const offset of WIDE_OFFSETS_S.flatMap((o) => [-o, o])) {
      if ((await probe(offset)).ok) {
        return {
          ...base,
          verdict: 'fail',
          expected,
          detail: `a delivery signed now is refused, one signed ${seconds(Math.abs(offset))} ${offset < 0 ? 'in the past' : 'in the future'} is accepted`,
          cause: `The receiver's clock is about ${seconds(Math.abs(offset))} ${offset < 0 ? 'behind' : 'ahead of'} this machine's, so fresh deliveries fall outside its timestamp window.`,
          fix: 'Synchronise the receiver host with NTP (timedatectl set-ntp true, chrony); do not widen the tolerance to hide it.',
        };
      }
    }
    return {
      ...base,
      verdict: 'note',
      expected,
      detail: 'not measured: the receiver accepts no valid delivery, at any timestamp tried (±24 h)',
    };
  }
  const past = await edge(probe, -1, CLOCK_CASE_OFFSET_S);
  const future = await edge(probe, 1, CLOCK_CASE_OFFSET_S);
  const window = `accepts t from ${past === 'beyond' ? `more than ${seconds(CLOCK_CASE_OFFSET_S)}` : seconds(past)} before to ${future === 'beyond' ? `more than ${seconds(CLOCK_CASE_OFFSET_S)}` : seconds(future)} after this machine's clock`;
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
  const offset = Math.round((future - past) / 2);
  const tolerance = Math.round((future + past) / 2);
  const skew =
    Math.abs(offset) <= RESOLUTION_S
      ? `its clock matches this one (within ${RESOLUTION_S} s)`
      : `its clock is about ${seconds(Math.abs(offset))} ${offset > 0 ? 'ahead' : 'behind'} (±${RESOLUTION_S} s)`;
  const detail = `${window}: a window of about ±${tolerance} s; ${skew}`;
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
