import pkg from '../../package.json' with { type: 'json' };
import { parseFlags, requireHttpUrl } from '../args.js';
import { type CheckResult, type RunCounter, runBattery } from '../doctor/checks.js';
import { checkClock } from '../doctor/clock.js';
import { buildReport, checkBudget, type DoctorReport, formatReport, reportJson } from '../doctor/report.js';
import { httpSender, isAcknowledged, type Sender } from '../doctor/send.js';
import { CommandError, println, type ResolvedIO, redact, UsageError, warnIfNotSigningSecret } from '../io.js';

const COMMAND = 'doctor';

const FLAGS = {
  secret: { type: 'string', multiple: true },
  'allow-remote': { type: 'boolean' },
  'probe-url': { type: 'string' },
  verbose: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** `localhost`, `127.0.0.0/8` and `::1`: the receivers the doctor checks without `--allow-remote`. */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function targetUrl(value: string, flag: string, allowRemote: boolean): string {
  const url = requireHttpUrl(value, flag, COMMAND);
  if (!allowRemote && !isLoopback(url)) {
    throw new UsageError(
      `${flag} ${url.host} is not this machine. The doctor sends forged, replayed and 1 MiB deliveries; point it at a receiver you run (127.0.0.1, localhost, ::1), or pass --allow-remote to check a remote one you own.`,
      COMMAND,
    );
  }
  return url.href;
}

/** `--probe-url`: GET `<url>?delivery_id=<id>` answers how many times the handler ran, as a number or `{"count": n}`. */
function probeCounter(probeUrl: string, fetcher: typeof fetch): RunCounter {
  return async (deliveryId) => {
    const url = new URL(probeUrl);
    url.searchParams.set('delivery_id', deliveryId);
    let text: string;
    try {
      const res = await fetcher(url, { signal: AbortSignal.timeout(10_000) });
      text = await res.text();
      if (!res.ok) throw new Error(`answered ${res.status}`);
    } catch (error) {
      throw new CommandError(`--probe-url ${url.href} failed: ${(error as Error).message}.`);
    }
    const parsed = (() => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    })();
    const count = typeof parsed === 'number' ? parsed : (parsed as { count?: unknown } | undefined)?.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw new CommandError(
        `--probe-url ${url.href} must answer the number of handler runs for delivery_id, as 3 or {"count":3}; it answered ${JSON.stringify(text.slice(0, 100))}.`,
      );
    }
    return count;
  };
}

/** What {@link doctor} needs to check a running receiver. */
export interface DoctorOptions {
  /** The receiver's signing secret; two while rotating. */
  secret: string | readonly string[];
  /**
   * `GET <probeUrl>?delivery_id=<id>` answers how many times the handler ran, as `3` or
   * `{"count": 3}`; with it the doctor also checks that each delivery runs once. @default none
   */
  probeUrl?: string;
  /** Check a receiver that is not on this machine (the doctor sends forged and 1 MiB deliveries). @default false */
  allowRemote?: boolean;
  /** The `fetch` the probe uses. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Where each delivery and answer is written as it happens, secrets redacted. @default nowhere */
  log?: { write(text: string): unknown };
}

/**
 * Sends the receiver battery to the receiver at `url` (its webhook route) and resolves with the
 * report: per check, what it answered, what that means to Klarefi, and the likely cause of each
 * failure. `report.ok` is false when a check failed.
 * @throws {UsageError} for a URL that is not this machine's without `allowRemote`, or no secret
 * @throws {CommandError} when nothing answers at `url`
 * @example
 * const report = await doctor('http://127.0.0.1:3000/webhooks/klarefi', { secret: process.env.KLAREFI_WEBHOOK_SECRET! });
 * expect(report.checks.filter((c) => c.verdict === 'fail')).toEqual([]);
 */
export async function doctor(url: string, options: DoctorOptions): Promise<DoctorReport> {
  const allowRemote = options.allowRemote === true;
  const target = targetUrl(url, 'The receiver URL', allowRemote);
  const secrets = typeof options.secret === 'string' ? [options.secret] : [...(options.secret ?? [])];
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || !s.trim())) {
    throw new UsageError(
      "doctor(): set `secret` to the receiver's signing secret (whsec_...), or to an array of two while rotating.",
      COMMAND,
    );
  }
  const counter = options.probeUrl
    ? probeCounter(targetUrl(options.probeUrl, '--probe-url', allowRemote), options.fetch ?? globalThis.fetch)
    : undefined;
  const log = options.log;
  const safeLog = log && { write: (text: string) => log.write(redact(text, secrets)) };
  const http = httpSender(target, `klarefi-doctor/${pkg.version}`, safeLog);
  let reached = false;
  // A receiver that is not listening fails the first delivery at once: say so instead of a report of failures.
  const sender: Sender = {
    async send(delivery) {
      const answer = await http.send(delivery);
      if (!reached && answer.status === null && !/no answer within/.test(answer.error ?? '')) {
        throw new CommandError(`Cannot reach ${target}: ${answer.error}. Is the receiver running there?`);
      }
      reached = true;
      return answer;
    },
  };
  const now = () => Math.floor(Date.now() / 1000);
  const startedAt = new Date();

  const checks: CheckResult[] = await runBattery(secrets, sender, counter, now);
  const goodPassed = checks.filter((c) => c.group === 'good').every((c) => c.answers.every(isAcknowledged));
  checks.push(await checkClock(sender, secrets[0] as string, now, goodPassed));
  checks.push(checkBudget(checks));
  return buildReport(target, secrets.length, startedAt, checks);
}

/**
 * `klarefi doctor <url>`: {@link doctor}, printed as text or `--json`.
 * Exit 0 when nothing failed, 1 otherwise, 2 on bad usage.
 */
export async function runDoctor(argv: string[], io: ResolvedIO): Promise<number> {
  const { flags, positionals } = parseFlags(argv, FLAGS, COMMAND, 1);
  if (!positionals[0]) {
    throw new UsageError(
      'Missing the receiver URL, e.g. `klarefi doctor http://127.0.0.1:3000/webhooks/klarefi --secret whsec_...`.',
      COMMAND,
    );
  }
  const secrets = flags.secret?.length ? flags.secret : [io.env.KLAREFI_WEBHOOK_SECRET ?? ''];
  if (secrets.some((s) => !s.trim())) {
    throw new UsageError(
      "Set KLAREFI_WEBHOOK_SECRET (or pass --secret whsec_...): the receiver's signing secret. Pass --secret twice while rotating.",
      COMMAND,
    );
  }
  for (const secret of secrets) warnIfNotSigningSecret(secret, io);
  const report = await doctor(positionals[0], {
    secret: secrets,
    probeUrl: flags['probe-url'],
    allowRemote: flags['allow-remote'] === true,
    fetch: io.fetch,
    log: flags.verbose ? (flags.json ? io.stderr : io.stdout) : undefined,
  });
  println(io.stdout, redact(flags.json ? reportJson(report) : formatReport(report), secrets));
  return report.ok ? 0 : 1;
}
