/**
 * `pnpm demo`: the Klarefi emulator plus one example app wired to it, and the one URL to open.
 * Exit codes: 0 stopped by Ctrl-C/SIGTERM, 1 the demo failed, 2 a wrong flag.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pageLanguage, TEXT } from '@klarefi/example-kit/i18n';
import { buildForRun } from '../../../scripts/build-js.mjs';
import type { RunningDemo } from './demo.js';
import { buildPlan, FRAMEWORKS, type Framework } from './frameworks.js';
import { assertPortsFree, DemoError } from './ports.js';

// The README runs the demo with the pinned pnpm; the usage line shows the same command.
const PNPM = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    packageManager?: string;
  }
).packageManager;

const USAGE = `Usage: npx -y ${PNPM ?? 'pnpm'} demo [options]

Runs a local Klarefi (the emulator) and an example app wired to it, then prints the URL to open.

Options:
  --framework <name>     the example app: ${FRAMEWORKS.join(', ')} (default: express)
  --locale <en|nl>       the hosted form's language (default: en)
  --port <port>          the example app's port (default: 3000)
  --emulator-port <port> the emulator's port (default: 4010)
  --no-build             start without building first (the packages are built already)
  -h, --help             show this help

Ctrl-C stops everything and exits 0 (the demo prints its exit code as it stops).`;

class UsageError extends Error {}

interface CliOptions {
  framework: Framework;
  locale: 'en' | 'nl' | undefined;
  port: number;
  emulatorPort: number;
  build: boolean;
}

function parsePort(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    throw new UsageError(`${flag} must be a port number from 1 to 65535 (got '${value}').`);
  }
  return port;
}

function parseCli(argv: string[]): CliOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        framework: { type: 'string' },
        locale: { type: 'string' },
        port: { type: 'string' },
        'emulator-port': { type: 'string' },
        'no-build': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    const flag = /'(-{1,2}[^' ]+)/.exec((error as Error).message)?.[1];
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`Unknown flag '${flag}'.`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const argument = /'([^']*)'/.exec((error as Error).message)?.[1];
      throw new UsageError(`Unexpected argument '${argument}': every option starts with --.`);
    }
    throw new UsageError(
      flag ? `Flag '${flag}' needs a value, e.g. ${flag} VALUE.` : (error as Error).message,
    );
  }
  if (values.help) return 'help';
  const framework = (values.framework ?? 'express') as string;
  if (!FRAMEWORKS.includes(framework as Framework)) {
    throw new UsageError(`--framework must be one of ${FRAMEWORKS.join(', ')} (got '${framework}').`);
  }
  const locale = values.locale as string | undefined;
  if (locale !== undefined && locale !== 'en' && locale !== 'nl') {
    throw new UsageError(`--locale must be en or nl (got '${locale}').`);
  }
  const port = parsePort(values.port as string | undefined, '--port', 3000);
  const emulatorPort = parsePort(values['emulator-port'] as string | undefined, '--emulator-port', 4010);
  if (port === emulatorPort)
    throw new UsageError(`--port and --emulator-port must differ (both are ${port}).`);
  return { framework: framework as Framework, locale, port, emulatorPort, build: !values['no-build'] };
}

function banner(demo: RunningDemo, options: CliOptions, seconds: string): string {
  const language = options.locale === 'nl' ? ' (in Dutch)' : '';
  return `
Klarefi demo: the ${options.framework} example, wired to a local Klarefi (ready in ${seconds} s)

  Open this     ${demo.appUrl}
  Dashboard     ${demo.dashboardUrl}

What to do: click "${TEXT[pageLanguage(options.locale)].start}", fill in Klarefi's form${language}, and you come back to a page
showing the verified case.completed webhook and the extracted features. The dashboard shows
the signed delivery. Press Ctrl-C to stop.
`;
}

/** The exit code, said out loud: npx re-raises the Ctrl-C, so the shell would show 130. */
function reportStop(code: number): number {
  console.log(`Demo stopped (exit code ${code}).`);
  return code;
}

async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  let options: CliOptions | 'help';
  try {
    options = parseCli(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }

  // Through npx and pnpm, one Ctrl-C arrives several times (from the terminal, then forwarded by
  // each wrapper, the last as SIGTERM); the repeats are swallowed so that the stop completes.
  const stopRequested = new AbortController();
  const onSignal = () => stopRequested.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let demo: RunningDemo;
  try {
    // A taken port is the whole message, before anything is built or started.
    await assertPortsFree([
      { port: options.port, flag: '--port' },
      { port: options.emulatorPort, flag: '--emulator-port' },
    ]);
    if (options.build) {
      const plan = buildPlan(options.framework);
      console.log(
        `Building what the ${options.framework} example and the emulator run (cached after the first time)…`,
      );
      const what = `the ${options.framework} example's packages`;
      const built = await buildForRun({ ...plan, what, log: (line) => console.log(line) });
      if (!built) return 1;
    }
    if (stopRequested.signal.aborted) return reportStop(0);
    console.log(`Starting the Klarefi emulator and the ${options.framework} example…`);
    // Imported once built: the emulator runs from its build.
    const { startDemo } = await import('./demo.js');
    demo = await startDemo({ ...options, log: (line) => console.log(line), signal: stopRequested.signal });
  } catch (error) {
    if (stopRequested.signal.aborted) return reportStop(0);
    if (!(error instanceof DemoError)) throw error;
    console.error(error.message);
    return 1;
  }
  console.log(banner(demo, options, ((performance.now() - started) / 1000).toFixed(1)));

  const stopped = new Promise<'signal'>((resolve) => {
    if (stopRequested.signal.aborted) resolve('signal');
    else stopRequested.signal.addEventListener('abort', () => resolve('signal'), { once: true });
  });
  const outcome = await Promise.race([stopped, demo.appExited]);
  if (outcome === 'signal') {
    console.log('Stopping the demo…');
    await demo.stop();
    return reportStop(0);
  }
  console.error(`The ${options.framework} example stopped (exit code ${outcome}); stopping the emulator.`);
  await demo.stop();
  return reportStop(outcome === 0 ? 0 : 1);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
