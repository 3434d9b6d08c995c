import { isKlarefiError, KlarefiConfigError } from '@klarefi/sdk';
import pkg from '../package.json' with { type: 'json' };
import type { DoctorOptions } from './commands/doctor.js';
import type { DoctorReport } from './doctor/report.js';
import { HELP } from './help.js';
import { CommandError, type CliIO, println, type ResolvedIO, redact, resolveIO, UsageError } from './io.js';

export type { CliIO, Output } from './io.js';
export type { DoctorOptions } from './commands/doctor.js';
export type { CheckResult, Verdict } from './doctor/checks.js';
export type { DoctorReport } from './doctor/report.js';

/** The version of this CLI. */
export const VERSION: string = pkg.version;

/**
 * `klarefi doctor` as a function: sends the receiver battery (forged, replayed, re-serialised,
 * 900 KB and 1 MiB deliveries, clock offsets) to the webhook route at `url` and resolves with the
 * report; `report.ok` is false when a check failed. Loopback URLs only unless `allowRemote`.
 * @example
 * const report = await doctor('http://127.0.0.1:3000/webhooks/klarefi', { secret: 'whsec_...' });
 * expect(report.checks.filter((c) => c.verdict === 'fail')).toEqual([]);
 */
export async function doctor(url: string, options: DoctorOptions): Promise<DoctorReport> {
  return (await import('./commands/doctor.js')).doctor(url, options);
}

type Runner = (argv: string[], io: ResolvedIO) => Promise<number>;

// Loaded on demand: `--help` and `webhooks init` should not pay for starting the emulator's modules.
const COMMANDS: Record<string, () => Promise<Runner>> = {
  dev: async () => (await import('./commands/dev.js')).runDev,
  doctor: async () => (await import('./commands/doctor.js')).runDoctor,
  types: async () => (await import('./commands/types.js')).runTypes,
  'sessions create': async () => (await import('./commands/sessions-create.js')).runSessionsCreate,
  'webhooks trigger': async () => (await import('./commands/webhooks-trigger.js')).runWebhooksTrigger,
  'webhooks init': async () => (await import('./commands/webhooks-init.js')).runWebhooksInit,
  'webhooks verify': async () => (await import('./commands/webhooks-verify.js')).runWebhooksVerify,
};

const GROUPS = new Set(['sessions', 'webhooks']);

/**
 * Runs the `klarefi` command line and resolves to its exit code: 0 success, 1 the command failed,
 * 2 bad usage or configuration. It never throws and never exits the process itself.
 *
 * @param argv the arguments after `klarefi`, e.g. `['sessions', 'create', '--case-type', 'motor_claim']`
 * @param io streams, environment and stop signal; the real process's when left out
 */
export async function main(argv: string[], io?: CliIO): Promise<number> {
  const resolved = resolveIO(io);
  const { stdout, stderr } = resolved;
  const [first, second] = argv;

  if (first === undefined || first === '-h' || first === '--help') return printHelp(stdout, '');
  if (first === '-v' || first === '--version') {
    println(stdout, VERSION);
    return 0;
  }
  if (first === 'help') return helpFor(argv.slice(1), resolved);

  let name: string = first;
  let rest = argv.slice(1);
  if (GROUPS.has(first)) {
    if (second === undefined || second === '-h' || second === '--help') {
      if (second === undefined) println(stderr, `klarefi: \`klarefi ${first}\` needs a subcommand.\n`);
      return printHelp(second === undefined ? stderr : stdout, first, second === undefined ? 2 : 0);
    }
    name = `${first} ${second}`;
    rest = argv.slice(2);
  }
  const load = COMMANDS[name];
  if (!load) {
    const scope = GROUPS.has(first) ? `klarefi ${first} --help` : 'klarefi --help';
    println(stderr, `klarefi: unknown command '${name}'. Run \`${scope}\` to see the commands.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) return printHelp(stdout, name);

  try {
    const run = await load();
    return await run(rest, resolved);
  } catch (error) {
    return reportError(error, name, resolved, rest);
  }
}

function helpFor(words: string[], io: ResolvedIO): number {
  const key = words.join(' ');
  if (HELP[key] !== undefined) return printHelp(io.stdout, key);
  println(io.stderr, `klarefi: no help for '${key}'. Run \`klarefi --help\` to see the commands.`);
  return 2;
}

function printHelp(out: ResolvedIO['stdout'], key: string, code = 0): number {
  println(out, HELP[key]);
  return code;
}

function reportError(error: unknown, command: string, io: ResolvedIO, argv: string[]): number {
  const known = [
    io.env.KLAREFI_API_KEY,
    io.env.KLAREFI_WEBHOOK_SECRET,
    flagValue(argv, '--api-key'),
    flagValue(argv, '--secret'),
  ];
  const message = redact(error instanceof Error ? error.message : String(error), known);
  if (error instanceof UsageError) {
    println(io.stderr, `klarefi: ${message}`);
    println(io.stderr, `Run \`klarefi ${error.command ?? command} --help\` for usage.`);
    return 2;
  }
  if (error instanceof KlarefiConfigError || (isKlarefiError(error) && error.name === 'KlarefiConfigError')) {
    println(io.stderr, `klarefi: ${message}`);
    return 2;
  }
  if (error instanceof CommandError || isKlarefiError(error)) {
    println(io.stderr, `klarefi: ${message}`);
    return 1;
  }
  println(io.stderr, `klarefi ${command}: unexpected error: ${message}`);
  if (io.env.KLAREFI_DEBUG && error instanceof Error && error.stack) {
    println(io.stderr, redact(error.stack, known));
  }
  return 1;
}

function flagValue(argv: string[], flag: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === flag) return argv[i + 1];
    if (arg?.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
  }
  return undefined;
}
