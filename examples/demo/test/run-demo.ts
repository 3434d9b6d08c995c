import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';

const demoDir = fileURLToPath(new URL('..', import.meta.url));

/** The demo command, running as its own process, with its output collected as it arrives. */
export interface DemoProcess {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output, as soon as it is printed. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or rejects after `timeoutMs`). */
  exit(timeoutMs?: number): Promise<number | null>;
}

/**
 * Runs `pnpm demo`'s command with `args`, without its build step (the test run built everything;
 * a JavaScript-only rebuild here would remove the declaration files other packages type-check with).
 */
export function runDemo(args: string[], env: NodeJS.ProcessEnv = {}): DemoProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--no-build', ...args], {
    cwd: demoDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
      for (const listener of listeners) listener();
    });
  }
  const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
    Promise.race([
      promise,
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`Timed out after ${ms} ms waiting for ${what}. Output:\n${text}`)),
          ms,
        ).unref(),
      ),
    ]);
  return {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs = 60_000) {
      const found = new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match) {
            listeners.delete(check);
            resolve(match);
          }
        };
        listeners.add(check);
        check();
        void exited.then(() => {
          if (listeners.delete(check))
            reject(new Error(`The demo exited before printing ${pattern}. Output:\n${text}`));
        });
      });
      return withTimeout(found, timeoutMs, String(pattern));
    },
    exit: (timeoutMs = 10_000) => withTimeout(exited, timeoutMs, 'the demo to exit'),
  };
}

/** Ports nothing listens on right now, all different. */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  for (let i = 0; i < count; i++) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
  }
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
