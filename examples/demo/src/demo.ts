import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEV_API_KEY, DEV_WEBHOOK_SECRET, type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { assertPortsFree, DemoError } from './ports.js';

import type { Framework } from './frameworks.js';

export { FRAMEWORKS, type Framework } from './frameworks.js';

/** What {@link startDemo} runs. */
export interface DemoOptions {
  /** The example app to run. */
  framework: Framework;
  /** The hosted form's language; unset, the form's default (English). */
  locale?: 'en' | 'nl' | undefined;
  /** The example app's port. */
  port: number;
  /** The emulator's port. */
  emulatorPort: number;
  /** Where the emulator's and the app's log lines go, each prefixed with its source. */
  log: (line: string) => void;
  /** Aborting it while the demo starts stops what already runs and rejects. */
  signal?: AbortSignal;
  /**
   * How long the app may take to answer its first request.
   * @default 60000
   */
  readyTimeoutMs?: number;
}

/** A running demo. */
export interface RunningDemo {
  /** The example's home page: the one URL to open. */
  appUrl: string;
  /** The emulator's dashboard: sessions, cases and webhook deliveries. */
  dashboardUrl: string;
  /** Settles when the app process exits by itself, with its exit code. */
  appExited: Promise<number>;
  /** Stops the app (waits for its exit), then the emulator. Safe to call more than once. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Starts the Klarefi emulator and one example app wired to it: the app talks to the emulator's
 * API with the dev key, and the emulator delivers signed webhooks to the app's `/webhooks/klarefi`.
 * @throws DemoError when a port is taken, the example is missing, or the app does not come up.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const exampleDir = fileURLToPath(new URL(`../../${options.framework}/`, import.meta.url));
  const entry = startEntry(exampleDir, options.framework);
  await assertPortsFree([
    { port: options.port, flag: '--port' },
    { port: options.emulatorPort, flag: '--emulator-port' },
  ]);
  const appUrl = `http://${HOST}:${options.port}`;
  const emulator = await startEmulator({
    port: options.emulatorPort,
    host: HOST,
    apiKey: DEV_API_KEY,
    webhookSecret: DEV_WEBHOOK_SECRET,
    endpoints: [{ url: `${appUrl}/webhooks/klarefi` }],
    retrySchedule: 'dev',
    log: (line) => options.log(`[emulator] ${line}`),
  });
  const app = spawnExample(exampleDir, entry, options, emulator);
  const appExited = new Promise<number>((resolve) => app.once('exit', (code) => resolve(code ?? 1)));
  const stop = once(async () => {
    if (app.exitCode === null && app.signalCode === null) {
      app.kill('SIGTERM');
      const forceKill = setTimeout(() => app.kill('SIGKILL'), 5000);
      await appExited;
      clearTimeout(forceKill);
    }
    await emulator.close();
  });

  // The app's output as it comes: while it starts (a first `next build` takes a minute) it is the progress.
  for (const stream of [app.stdout, app.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => options.log(`[${options.framework}] ${line}`));
  }
  try {
    await waitUntilAnswering(appUrl, appExited, options);
  } catch (error) {
    await stop();
    throw error;
  }
  return { appUrl: `${appUrl}/`, dashboardUrl: emulator.dashboardUrl, appExited, stop };
}

/**
 * The file the example's `start` script (`tsx <file>`) runs. The demo runs it as
 * `node --import tsx <file>`: one process, so a signal reaches the server itself.
 */
export function startEntry(exampleDir: string, framework: string): string {
  const manifest = `${exampleDir}package.json`;
  if (!existsSync(manifest))
    throw new DemoError(`examples/${framework} is missing: pick another --framework.`);
  const start = (JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: { start?: string } }).scripts
    ?.start;
  const entry = /^(?:tsx|node) (\S+\.(?:ts|mjs))$/.exec(start ?? '')?.[1];
  if (!entry || !existsSync(`${exampleDir}${entry}`)) {
    throw new DemoError(
      `examples/${framework} cannot be started: its "start" script must be "tsx <file>" or "node <file>.mjs" naming an existing file (it is ${JSON.stringify(start)}).`,
    );
  }
  return entry;
}

function spawnExample(
  dir: string,
  entry: string,
  options: DemoOptions,
  emulator: RunningEmulator,
): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port),
    HOST,
    KLAREFI_API_KEY: emulator.apiKey,
    KLAREFI_API_BASE_URL: emulator.url,
    KLAREFI_WEBHOOK_SECRET: emulator.webhookSecret,
  };
  // The return_url comes from the Host the browser sends; a PUBLIC_URL from the shell would override it.
  delete env.PUBLIC_URL;
  if (options.locale) env.KLAREFI_LOCALE = options.locale;
  else delete env.KLAREFI_LOCALE;
  return spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

// The Next.js example runs `next build` first when its sources changed: up to a few minutes on two cores.
function readyTimeout(options: DemoOptions): number {
  return options.readyTimeoutMs ?? (options.framework === 'nextjs' ? 300_000 : 60_000);
}

async function waitUntilAnswering(url: string, exited: Promise<number>, options: DemoOptions): Promise<void> {
  const deadline = Date.now() + readyTimeout(options);
  let exitCode: number | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  while (true) {
    if (options.signal?.aborted) throw new DemoError('Stopped before the demo was ready.');
    if (exitCode !== undefined) {
      throw new DemoError(
        `The ${options.framework} example exited with code ${exitCode} before it was ready (its output is above).`,
      );
    }
    if (Date.now() > deadline) {
      throw new DemoError(
        `The ${options.framework} example did not answer on ${url} within ${readyTimeout(options) / 1000} s.`,
      );
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      // Not listening yet: poll again shortly, or as soon as the app exits.
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 150))]);
    }
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= fn();
    return running;
  };
}
