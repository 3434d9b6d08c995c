import { GROUP_TITLES } from '@klarefi/sdk/testing';
import type { CheckResult, Verdict } from './checks.js';
import { ANSWER_BUDGET_MS, type Answer, meaningOf } from './send.js';

/** One doctor run, as `--json` prints it. */
export interface DoctorReport {
  url: string;
  /** How many secrets the receiver was checked with (never the secrets). */
  secrets: number;
  startedAt: string;
  ok: boolean;
  summary: Record<Verdict, number>;
  checks: CheckResult[];
}

/** A budget check over every answer of the run: Klarefi waits 30 s, then retries. */
export function checkBudget(checks: CheckResult[]): CheckResult {
  const answers = checks.flatMap((c) => c.answers);
  const timed = answers.filter((a) => a.status !== null);
  const slowest = timed.reduce<Answer | undefined>((max, a) => (max && max.ms >= a.ms ? max : a), undefined);
  const sorted = timed.map((a) => a.ms).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const late = answers.filter((a) => a.status === null && /no answer within/.test(a.error ?? ''));
  const base = {
    id: 'budget.answer-time',
    group: 'budget' as const,
    title: `every answer within Klarefi's ${ANSWER_BUDGET_MS / 1000} s`,
    answers: [],
    expected: `each answer well inside ${ANSWER_BUDGET_MS / 1000} s`,
  };
  const detail = `${answers.length} answers, median ${median} ms, slowest ${slowest?.ms ?? 0} ms`;
  if (late.length > 0) {
    return {
      ...base,
      verdict: 'fail',
      detail: `${detail}; ${late.length} got no answer within ${ANSWER_BUDGET_MS / 1000} s`,
      cause:
        'Klarefi counts an answer after 30 s as a failure and retries, so slow work done before answering is repeated.',
      fix: 'Answer once the event is stored (or queued) and do the slow work afterwards, e.g. in a queue worker.',
    };
  }
  if ((slowest?.ms ?? 0) >= ANSWER_BUDGET_MS / 3) {
    return { ...base, verdict: 'note', detail: `${detail}: a third of the budget or more, for a test event` };
  }
  return { ...base, verdict: 'pass', detail };
}

/** Builds the report from the checks. */
export function buildReport(
  url: string,
  secrets: number,
  startedAt: Date,
  checks: CheckResult[],
): DoctorReport {
  const summary: Record<Verdict, number> = { pass: 0, fail: 0, note: 0 };
  for (const c of checks) summary[c.verdict]++;
  return { url, secrets, startedAt: startedAt.toISOString(), ok: summary.fail === 0, summary, checks };
}

const TITLES: Record<CheckResult['group'], string> = {
  ...GROUP_TITLES,
  clock: 'Clock',
  budget: 'Answer time',
};

const LABEL: Record<Verdict, string> = { pass: 'PASS', fail: 'FAIL', note: 'NOTE' };

function answersText(answers: Answer[]): string {
  if (answers.length === 0) return '';
  const parts = answers.map((a) => (a.status === null ? 'no answer' : String(a.status)));
  const ms = Math.max(...answers.map((a) => a.ms));
  return `${parts.join(', ')} (${ms} ms)`;
}

/** The distinct causes of the failures, each with the checks that showed it: the ticket's summary. */
function diagnosis(checks: CheckResult[]): string[] {
  const byCause = new Map<string, string[]>();
  for (const c of checks) {
    if (c.verdict !== 'fail' || !c.cause || c.cause.startsWith('The good path fails too')) continue;
    const first = c.cause.split(/(?<=\.)\s/)[0] as string;
    byCause.set(first, [...(byCause.get(first) ?? []), c.id]);
  }
  if (byCause.size === 0) return [];
  return ['Diagnosis', ...[...byCause].map(([cause, ids]) => `  - ${cause} (${ids.join(', ')})`), ''];
}

/** The report as text: one line per check, then the cause and the fix under each failure. */
export function formatReport(report: DoctorReport): string {
  const lines: string[] = [];
  const s = report.secrets === 1 ? '' : 's';
  lines.push(`klarefi doctor ${report.url}`);
  lines.push(`  ${report.startedAt}, ${report.secrets} secret${s}, ${report.checks.length} checks`);
  let group: string | undefined;
  const width = Math.max(...report.checks.map((c) => c.title.length));
  for (const c of report.checks) {
    if (c.group !== group) {
      group = c.group;
      lines.push('', TITLES[c.group]);
    }
    lines.push(
      `  ${LABEL[c.verdict]}  ${c.title.padEnd(width)}  ${answersText(c.group === 'clock' ? [] : c.answers)}`.trimEnd(),
    );
    if (c.verdict === 'pass' && !c.detail) continue;
    if (c.verdict === 'fail') lines.push(`        expected: ${c.expected}`);
    if (c.detail) lines.push(`        saw: ${c.detail}`);
    if (c.cause) lines.push(`        cause: ${c.cause}`);
    if (c.fix) lines.push(`        fix: ${c.fix}`);
  }
  lines.push('', ...diagnosis(report.checks));
  const { pass, fail, note } = report.summary;
  const failed = report.checks.filter((c) => c.verdict === 'fail').map((c) => c.id);
  lines.push(
    `Result: ${report.ok ? 'OK' : 'FAILED'}: ${pass} passed, ${fail} failed, ${note} note${note === 1 ? '' : 's'}${failed.length ? ` (failed: ${failed.join(', ')})` : ''}`,
  );
  return lines.join('\n');
}

/** The report as `--json` prints it: snake_case keys, one object. */
export function reportJson(report: DoctorReport): string {
  return JSON.stringify({
    url: report.url,
    secrets: report.secrets,
    started_at: report.startedAt,
    ok: report.ok,
    summary: report.summary,
    checks: report.checks.map((c) => ({
      id: c.id,
      group: c.group,
      title: c.title,
      verdict: c.verdict,
      expected: c.expected,
      answers: c.answers.map((a) => ({
        status: a.status,
        code: a.code,
        meaning: meaningOf(a),
        duration_ms: a.ms,
        error: a.error,
      })),
      detail: c.detail ?? null,
      cause: c.cause ?? null,
      fix: c.fix ?? null,
    })),
  });
}
