import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_FORWARD_TO,
  DEFAULT_PORT,
  DEV_API_KEY,
  DEV_WEBHOOK_SECRET,
  type EmulatorOptions,
  startEmulator,
} from '@klarefi/emulator';
import { KlarefiConfigError } from '@klarefi/sdk';
import { parseFlags, parseWholeNumber, requireHttpUrl } from '../args.js';
import { findConfig, loadConfig } from '../case-types/config.js';
import { CommandError, println, type ResolvedIO, UsageError } from '../io.js';

const COMMAND = 'dev';

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'forward-to': { type: 'string', multiple: true },
  secret: { type: 'string' },
  'previous-secret': { type: 'string' },
  'api-key': { type: 'string' },
  'case-types': { type: 'string' },
  'thin-bodies': { type: 'boolean' },
  'data-file': { type: 'string' },
  'retry-schedule': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** `klarefi dev`: starts the emulator, prints how to connect, logs deliveries until SIGINT/SIGTERM. */
export async function runDev(argv: string[], io: ResolvedIO): Promise<number> {
  const { flags } = parseFlags(argv, FLAGS, COMMAND);
  const port =
    flags.port === undefined ? DEFAULT_PORT : parseWholeNumber(flags.port, '--port', 0, 65535, COMMAND);
  const apiKey = flags['api-key'] ?? DEV_API_KEY;
  if (!apiKey.startsWith('sk_test_')) {
    throw new UsageError(
      '--api-key must be a test key starting with sk_test_ (the emulator refuses live keys).',
      COMMAND,
    );
  }
  const webhookSecret = flags.secret ?? DEV_WEBHOOK_SECRET;
  if (!webhookSecret.startsWith('whsec_') || webhookSecret.length === 'whsec_'.length) {
    throw new UsageError('--secret must be a webhook signing secret starting with whsec_.', COMMAND);
  }
  const given = flags['forward-to'] ?? [];
  if (given.includes('none') && given.length > 1) {
    throw new UsageError(
      '--forward-to none means no endpoint: leave out the other --forward-to URLs.',
      COMMAND,
    );
  }
  const targets = given.length === 0 ? [DEFAULT_FORWARD_TO] : given[0] === 'none' ? [] : given;
  const forwardTo = targets.map((url) => requireHttpUrl(url, '--forward-to', COMMAND).href);
  const previousSecret = flags['previous-secret'];
  if (previousSecret !== undefined && !previousSecret.startsWith('whsec_')) {
    throw new UsageError('--previous-secret must be a webhook signing secret starting with whsec_.', COMMAND);
  }
  const retrySchedule = flags['retry-schedule'];
  if (retrySchedule !== undefined && retrySchedule !== 'dev' && retrySchedule !== 'service') {
    throw new UsageError(`--retry-schedule must be 'dev' or 'service' (got '${retrySchedule}').`, COMMAND);
  }
  const caseTypesFile = existingFile(flags['case-types'], '--case-types', io.cwd);
  const json = flags.json === true;
  const log = (line: string) => println(json ? io.stderr : io.stdout, line);

  const options: EmulatorOptions = {
    port,
    host: flags.host ?? '127.0.0.1',
    apiKey,
    webhookSecret,
    ...(previousSecret === undefined ? {} : { previousWebhookSecret: previousSecret }),
    endpoints: forwardTo.map((url) => ({ url, secret: webhookSecret })),
    retrySchedule: retrySchedule ?? 'dev',
    log,
  };
  if (caseTypesFile) options.caseTypesFile = caseTypesFile;
  else {
    // Without --case-types, serve the same case types `klarefi types` reads.
    const configFile = findConfig(io.cwd);
    if (configFile) options.caseTypes = (await loadConfig(configFile)).caseTypes;
  }
  if (flags['thin-bodies']) options.thinBodies = true;
  if (flags['data-file']) options.dataFile = resolve(io.cwd, flags['data-file']);

  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    if (isAddressInUse(error)) {
      throw new CommandError(
        `Port ${port} is already in use. Stop the other process or pass --port ${port < 65535 ? port + 1 : port - 1}.`,
      );
    }
    // The emulator names its options; name the flags that set them instead.
    if (error instanceof KlarefiConfigError) {
      throw new UsageError(
        error.message.replace(/\bcaseTypesFile\b/g, '--case-types').replace(/\bdataFile\b/g, '--data-file'),
        COMMAND,
      );
    }
    throw error;
  }
  const stop = io.signal ?? processStopSignal();

  const info = { url: emulator.url, apiKey: emulator.apiKey, webhookSecret: emulator.webhookSecret };
  if (json) {
    println(io.stdout, JSON.stringify({ ...info, dashboardUrl: emulator.dashboardUrl, forwardTo }));
  } else {
    printBanner(io, { ...info, dashboardUrl: emulator.dashboardUrl, forwardTo });
  }

  await new Promise<void>((done) => {
    if (stop.aborted) done();
    else stop.addEventListener('abort', () => done(), { once: true });
  });
  log('Stopping the Klarefi emulator…');
  await emulator.close();
  return 0;
}

function printBanner(
  io: ResolvedIO,
  d: { url: string; apiKey: string; webhookSecret: string; dashboardUrl: string; forwardTo: string[] },
): void {
  const lines = [
    'Klarefi emulator running',
    '',
    `  API base URL     ${d.url}`,
    `  Test API key     ${d.apiKey}`,
    `  Webhook secret   ${d.webhookSecret}`,
    `  Dashboard        ${d.dashboardUrl}`,
    ...d.forwardTo.map((url, i) => `  ${i === 0 ? 'Forwarding to ' : '              '}   ${url}`),
    '',
    'Configure your app (the key and secret stay the same across restarts):',
    '',
    `  export KLAREFI_API_KEY=${d.apiKey}`,
    `  export KLAREFI_API_BASE_URL=${d.url}`,
    `  export KLAREFI_WEBHOOK_SECRET=${d.webhookSecret}`,
    '',
    'Deliveries are logged below. Press Ctrl-C to stop.',
    '',
  ];
  // One write, so whoever reads the pipe sees the whole banner at once.
  println(io.stdout, lines.join('\n'));
}

function existingFile(path: string | undefined, flag: string, cwd: string): string | undefined {
  if (path === undefined) return undefined;
  const full = resolve(cwd, path);
  if (!existsSync(full)) throw new UsageError(`${flag} file not found: ${full}`, COMMAND);
  return full;
}

function isAddressInUse(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === 'EADDRINUSE') return true;
  }
  return false;
}

/**
 * Aborts on the first SIGINT or SIGTERM. Later ones are swallowed while the emulator closes:
 * run through `pnpm` or `npx`, one Ctrl-C arrives several times (from the terminal, then
 * forwarded by each wrapper), and the default action would kill the process mid-stop.
 */
function processStopSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}
