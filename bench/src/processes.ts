import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DirectResult, directCreateSession } from './direct.js';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const live = new Set<ChildProcess>();

/** Servers running in their own process. */
export interface ChildServers {
  /** What the child reported once listening, by id: `{ port }`, or the emulator's `{ url, apiKey }`. */
  info: Record<string, unknown>;
  /** The child's CPU time so far (user + system, all threads), in microseconds. */
  cpuMicros(): Promise<number>;
  /** Starts the V8 CPU profiler in the child, or stops it and returns the profile. */
  profile(command: 'start' | 'stop'): Promise<unknown>;
  /** Runs `directCreateSession(options)` in the child. */
  direct(options: Parameters<typeof directCreateSession>[0]): Promise<DirectResult>;
  /** Stops the child: SIGTERM, then SIGKILL if it has not exited within 3 s. */
  close(): Promise<void>;
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Sends `request` to the child and resolves with the `key` of its first reply that has one. */
function ask<T>(child: ChildProcess, request: object, key: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (!(key in message)) return;
      child.off('message', onMessage);
      resolve(message[key] as T);
    };
    child.on('message', onMessage);
    child.send(request);
  });
}

/**
 * Starts `ids` (scenario ids such as `express:adapter`, or `emulator`) in one child process
 * with `options`, and resolves once all of them listen.
 */
export function startChild(ids: string[], options: object): Promise<ChildServers> {
  const name = ids.join(', ');
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(options), ...ids], {
    cwd: BENCH_DIR,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill(child);
      reject(new Error(`${name} did not start within ${START_TIMEOUT_MS / 1000} s.`));
    }, START_TIMEOUT_MS);
    child.once('message', (message: { info: Record<string, unknown> }) => {
      clearTimeout(timer);
      resolve({
        info: message.info,
        cpuMicros: () =>
          ask<NodeJS.CpuUsage>(child, { cpu: true }, 'cpu').then((cpu) => cpu.user + cpu.system),
        profile: (command) => ask(child, { profile: command }, command === 'start' ? 'profiling' : 'profile'),
        direct: (options) => ask<DirectResult>(child, { direct: options }, 'direct'),
        close: () => kill(child),
      });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it listened (code ${code}, signal ${signal}).`));
    });
  });
}

/** Kills every child still running; `run.ts` calls it on exit and on Ctrl-C. */
export function killAllChildren(): void {
  for (const child of live) child.kill('SIGKILL');
}
