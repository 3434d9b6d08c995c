import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { constructEvent } from '@klarefi/sdk';

/** The built CLI; the tests run it as a process, exactly as `npx klarefi` would. */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** Fails the suite with an explanation when the CLI was not built. */
export function requireBuiltCli(): void {
  if (!existsSync(BIN)) {
    throw new Error(
      `${BIN} is missing: build the CLI first with \`npx tsup\` in packages/cli (turbo's test task does).`,
    );
  }
}

/** The environment without any KLAREFI_* variable of the machine running the tests. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('KLAREFI_')) env[key] = value;
  }
  return { ...env, ...extra };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `klarefi ...args` to completion. */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; input?: string | Buffer } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(options.env), cwd: options.cwd });
  // Always closed, so a command that reads stdin sees its end instead of waiting.
  child.stdin.end(options.input);
  return collect(child);
}

/** Collects a child's output until it exits. */
export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A long-running `klarefi` process whose output can be awaited line by line. */
export interface LiveCli {
  child: ChildProcess;
  /** Every stdout line so far. */
  lines: string[];
  /** Resolves with the first stdout line (past or future) matching `test`. */
  waitForLine(test: (line: string) => boolean, what: string): Promise<string>;
  /** Resolves when the process has exited. */
  exited: Promise<CliResult>;
}

/** Starts `klarefi ...args` and leaves it running. */
export function startCli(args: string[], options: { env?: Record<string, string> } = {}): LiveCli {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(options.env) });
  const exited = collect(child);
  const lines: string[] = [];
  const waiters: Array<{ test: (line: string) => boolean; resolve: (line: string) => void }> = [];
  let partial = '';
  child.stdout?.on('data', (chunk: string) => {
    partial += chunk;
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  function waitForLine(test: (line: string) => boolean, what: string): Promise<string> {
    const seen = lines.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      waiters.push({ test, resolve });
      exited.then((result) =>
        reject(
          new Error(
            `klarefi exited (${result.code ?? result.signal}) before printing ${what}:\n${result.stdout}\n${result.stderr}`,
          ),
        ),
      );
    });
  }
  return { child, lines, waitForLine, exited };
}

/** One request a {@link Receiver} got. */
export interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  /** The verified event, or `undefined` when verification failed. */
  event: Record<string, unknown> | undefined;
  /** Why verification failed. */
  error: string | undefined;
}

/** A webhook receiver on 127.0.0.1 that verifies every request with the SDK's `constructEvent`. */
export interface Receiver {
  url: string;
  received: Received[];
  /** Resolves with the `n`-th (1-based) request, now or when it arrives. */
  nth(n: number): Promise<Received>;
  close(): Promise<void>;
}

/**
 * Starts a receiver. A request that verifies gets `status` (default 200); one that does not gets 401.
 */
export async function startReceiver(secret: string, status = 200): Promise<Receiver> {
  const received: Received[] = [];
  const waiters: Array<{ n: number; resolve: (r: Received) => void }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let entry: Received;
      try {
        const event = constructEvent(raw, req.headers['x-klarefi-signature'], secret) as Record<
          string,
          unknown
        >;
        entry = { headers: req.headers, raw, event, error: undefined };
      } catch (error) {
        entry = { headers: req.headers, raw, event: undefined, error: (error as Error).message };
      }
      received.push(entry);
      const code = entry.event ? status : 401;
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(entry.event ? { received: code < 300 } : { error: 'bad signature' }));
      for (const waiter of [...waiters]) {
        if (received.length >= waiter.n) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(received[waiter.n - 1] as Received);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/klarefi`,
    received,
    nth(n) {
      const have = received[n - 1];
      if (have) return Promise.resolve(have);
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that was free a moment ago and now refuses connections. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
