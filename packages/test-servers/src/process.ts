import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** A running server started for a test. */
export interface TestServer {
  /** Connection URL, e.g. `redis://127.0.0.1:6390` or `postgres://postgres@127.0.0.1:5439/postgres`. */
  readonly url: string;
  readonly port: number;
  /** Stops the server and removes its temp dir. Safe to call twice. */
  stop(): Promise<void>;
  /**
   * SIGKILLs the server's process group, as a crash or an OOM kill would, and keeps its dir
   * (PostgreSQL's data survives; Redis runs without persistence, so its keys do not).
   */
  kill(): Promise<void>;
  /** Starts the killed server again with the same command, dir and port; resolves once it is ready. */
  restart(): Promise<void>;
  /**
   * CPU time (user + system, in ms) of the server's process and its descendants so far, reaped
   * children included: a PostgreSQL's backends, for the bench's database cost per delivery. Linux only.
   */
  cpuMs(): number;
}

const live = new Set<{ child: ChildProcess; dir: string }>();
let exitHookInstalled = false;

// Last resort when a test run dies without calling stop(): kill the group, delete the dir.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const entry of live) {
      killGroup(entry.child, 'SIGKILL');
      rmSync(entry.dir, { recursive: true, force: true });
    }
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

const TICK_MS = 10; // USER_HZ is 100 on every Linux architecture Node runs on.

// By parent, not by process group: PostgreSQL's backends each call setsid().
function treeCpuMs(root: number | undefined): number {
  if (root === undefined) return 0;
  const processes = new Map<number, { parent: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited since the listing
    }
    // Fields after "(comm)": state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    processes.set(Number(entry), { parent: Number(fields[1]), ticks });
  }
  let ticks = 0;
  for (const [pid, info] of processes) {
    for (let at: number | undefined = pid; at !== undefined && at > 1; at = processes.get(at)?.parent) {
      if (at === root) {
        ticks += info.ticks;
        break;
      }
    }
  }
  return ticks * TICK_MS;
}

function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

/** Finds an executable by absolute path or on PATH; undefined when missing. */
export function findBinary(name: string): string | undefined {
  const candidates = name.includes('/')
    ? [name]
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/**
 * True when the binary exists. When it does not: under `CI=true` throws (a missing
 * prerequisite must fail the run), otherwise prints a loud notice and returns false so
 * the caller can skip.
 */
export function requireOrSkip(what: string, binary: string, fix: string): boolean {
  if (findBinary(binary)) return true;
  const message = `${what} is not installed (${binary} not found). ${fix}`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!! SKIPPING ${what} TESTS: ${message}\n`);
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  command: string;
  args: string[];
  dir: string;
  /** A line on stdout or stderr that means the server accepts connections. */
  ready: RegExp;
  url: string;
  port: number;
  timeoutMs?: number;
}

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
}

function spawnReady(options: StartOptions): Promise<Running> {
  const child = spawn(options.command, options.args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const entry = { child, dir: options.dir };
  live.add(entry);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      live.delete(entry);
      resolve();
    }),
  );
  let output = '';
  const timeoutMs = options.timeoutMs ?? 20_000;
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${options.command} was not ready after ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${options.command} exited (${signal ?? code}) before it was ready:\n${output}`));
    });
  });
  return ready.then(
    () => {
      // Keep draining so a chatty server never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
      return { child, exited };
    },
    async (error: unknown) => {
      killGroup(child, 'SIGKILL');
      await exited;
      throw error;
    },
  );
}

/** Spawns a server in its own process group and resolves once its ready line appears. */
export async function startServer(options: StartOptions): Promise<TestServer> {
  installExitHook();
  let running: Running;
  try {
    running = await spawnReady(options);
  } catch (error) {
    rmSync(options.dir, { recursive: true, force: true });
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    url: options.url,
    port: options.port,
    stop() {
      stopping ??= (async () => {
        killGroup(running.child, 'SIGINT');
        const timer = setTimeout(() => killGroup(running.child, 'SIGKILL'), 5_000);
        await running.exited;
        clearTimeout(timer);
        rmSync(options.dir, { recursive: true, force: true });
      })();
      return stopping;
    },
    async kill() {
      const group = running.child.pid;
      killGroup(running.child, 'SIGKILL');
      await running.exited;
      // The server may run under a wrapper (runuser): the group outlives it for a moment, and a
      // restart before it is gone finds the old lock file.
      for (let waited = 0; group !== undefined && groupAlive(group) && waited < 5_000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    cpuMs: () => treeCpuMs(running.child.pid),
    async restart() {
      if (stopping) throw new Error(`${options.command} was stopped; start a new server instead.`);
      if (running.child.exitCode === null && running.child.signalCode === null) {
        throw new Error(`${options.command} is still running; kill() it first.`);
      }
      running = await spawnReady(options);
    },
  };
}
