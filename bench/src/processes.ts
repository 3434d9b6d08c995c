import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const live = new Set<ChildProcess>();

/** A server running in its own process. */
export interface ChildServer<T> {
  /** What the child reported once listening (its port, or the emulator's url and key). */
  info: T;
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

/**
 * Starts `id` (a scenario id such as `express:adapter`, or `emulator`) in a child process
 * with `options`, and resolves once it listens.
 */
export function startChild<T>(id: string, options: object): Promise<ChildServer<T>> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, id, JSON.stringify(options)], {
    cwd: BENCH_DIR,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill(child);
      reject(new Error(`${id} did not start within ${START_TIMEOUT_MS / 1000} s.`));
    }, START_TIMEOUT_MS);
    child.once('message', (info) => {
      clearTimeout(timer);
      resolve({ info: info as T, close: () => kill(child) });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${id} exited before it listened (code ${code}, signal ${signal}).`));
    });
  });
}

/** Kills every child still running; `run.ts` calls it on exit and on Ctrl-C. */
export function killAllChildren(): void {
  for (const child of live) child.kill('SIGKILL');
}
