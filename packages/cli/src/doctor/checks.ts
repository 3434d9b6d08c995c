import {
  type BatteryCase,
  type BatteryContext,
  type BatteryDelivery,
  type BatteryGroup,
  batteryFor,
  expectedRuns,
} from '@klarefi/sdk/testing';
import { type Answer, isAcknowledged, isRetryable, meaningOf, type Sender } from './send.js';

/** `pass`: the receiver did what it must. `fail`: it did not. `note`: fine, with something to know. */
export type Verdict = 'pass' | 'fail' | 'note';

/** The result of one check, as reported. */
export interface CheckResult {
  id: string;
  group: BatteryGroup | 'clock' | 'budget';
  title: string;
  verdict: Verdict;
  /** What a correct receiver answers. */
  expected: string;
  /** What this receiver answered, one entry per delivery. */
  answers: Answer[];
  /** What the answers mean, and anything the doctor could not see. */
  detail?: string;
  cause?: string;
  fix?: string;
}

/** Reads how many times the receiver's handler ran for a delivery (`--probe-url`). */
export type RunCounter = (deliveryId: string) => Promise<number>;

const answerText = (a: Answer) =>
  a.status === null ? `no answer (${a.error})` : `${a.status}${a.code ? ` ${a.code}` : ''}`;

/** Sends a case's deliveries as the case says: in order, or all at once. */
async function sendAll(sender: Sender, c: BatteryCase, deliveries: BatteryDelivery[]): Promise<Answer[]> {
  if (c.send === 'concurrent') return Promise.all(deliveries.map((d) => sender.send(d)));
  const answers: Answer[] = [];
  for (const d of deliveries) answers.push(await sender.send(d));
  return answers;
}

function acceptVerdict(c: BatteryCase, answers: Answer[]): { ok: boolean; detail: string } {
  if (c.send === 'concurrent') {
    const acked = answers.filter(isAcknowledged).length;
    const lost = answers.filter((a) => !isAcknowledged(a) && !isRetryable(a.status));
    const ok = acked >= 1 && lost.length === 0;
    return {
      ok,
      detail: answers.map((a, i) => `copy ${i + 1}: ${answerText(a)}, ${meaningOf(a)}`).join('; '),
    };
  }
  const bad = answers.find((a) => !isAcknowledged(a));
  return { ok: !bad, detail: bad ? `${answerText(bad)}: ${meaningOf(bad)}` : '' };
}

async function countRuns(counter: RunCounter | undefined, ids: string[]): Promise<number | string> {
  if (!counter) return 'unknown';
  let total = 0;
  for (const id of ids) total += await counter(id);
  return total;
}

/** Runs one case against the receiver and judges the answers. */
export async function runCase(
  c: BatteryCase,
  ctx: BatteryContext,
  sender: Sender,
  counter: RunCounter | undefined,
  goodPathPassed: boolean,
): Promise<CheckResult> {
  const deliveries = c.build(ctx);
  const answers = await sendAll(sender, c, deliveries);
  const base = { id: c.id, group: c.group, title: c.title, answers };
  if (!c.expect.accept) {
    const expected = `a 4xx (@klarefi/sdk: ${c.expect.status} ${c.expect.code}), no handler run`;
    const answer = answers[0] as Answer;
    if (isAcknowledged(answer)) {
      return {
        ...base,
        verdict: 'fail',
        expected,
        detail: `${answerText(answer)}: accepted`,
        cause: c.cause,
        fix: c.fix,
      };
    }
    if (answer.status !== null && answer.status >= 400 && answer.status < 500) {
      return { ...base, verdict: 'pass', expected };
    }
    if (answer.status === null && c.id === 'refuse.oversize') {
      return {
        ...base,
        verdict: 'pass',
        expected,
        detail: `closed without an answer (${answer.error}): refused`,
      };
    }
    return {
      ...base,
      verdict: 'note',
      expected,
      detail: `${answerText(answer)}: refused, but ${meaningOf(answer)}; a delivery that can never be accepted deserves a 4xx`,
    };
  }

  const expected =
    c.send === 'concurrent' ? 'one 2xx; the other 2xx or retryable (409)' : '2xx to every copy';
  const { ok, detail } = acceptVerdict(c, answers);
  if (!ok) {
    const cause = goodPathPassed || c.group === 'good' ? c.cause : 'The good path fails too: fix that first.';
    return { ...base, verdict: 'fail', expected, detail, cause, fix: c.fix };
  }
  const ids = [...new Set(deliveries.map((d) => d.deliveryId).filter((id): id is string => id !== null))];
  if (c.group !== 'retries') return { ...base, verdict: 'pass', expected, ...(detail ? { detail } : {}) };
  const runs = await countRuns(counter, ids);
  const want = expectedRuns(c, deliveries);
  if (runs === 'unknown') {
    return {
      ...base,
      verdict: 'note',
      expected,
      detail: `${detail ? `${detail}. ` : ''}Both copies answered as they should; whether the handler ran once cannot be seen from outside: pass --probe-url, or look for ${ids[0]} in the receiver's log.`,
    };
  }
  if (runs !== want) {
    return {
      ...base,
      verdict: 'fail',
      expected: `${expected}, the handler run ${want} time(s)`,
      detail: `${detail ? `${detail}. ` : ''}--probe-url says the handler ran ${runs} time(s) for ${ids.join(', ')}`,
      cause: 'The receiver does not deduplicate on delivery_id: a retried delivery runs the handler again.',
      fix: 'Claim each delivery_id once (a dedupe store: a unique row, SET NX) before running the handler; answer 2xx to a copy already processed.',
    };
  }
  return {
    ...base,
    verdict: 'pass',
    expected: `${expected}, the handler run ${want} time(s)`,
    detail: `--probe-url: ${runs} run(s)`,
  };
}

/** Runs the whole battery, in its order; the good path first, so later causes can lean on it. */
export async function runBattery(
  secrets: readonly string[],
  sender: Sender,
  counter: RunCounter | undefined,
  now: () => number,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const c of batteryFor(secrets.length)) {
    const goodPassed = results.filter((r) => r.group === 'good').every((r) => r.verdict === 'pass');
    results.push(await runCase(c, { secrets, now: now() }, sender, counter, goodPassed));
  }
  return results;
}
