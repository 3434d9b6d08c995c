import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const next = join(
  dirname(createRequire(import.meta.url).resolve('next/package.json')),
  'dist',
  'bin',
  'next',
);

/** A `next start` of this example, on a port the system picked. */
export interface NextServer {
  url: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

/** Starts `next start --port 0` with `env` and resolves with its URL once it is ready. */
export async function startNext(env: Record<string, string>): Promise<NextServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [next, 'start', '--port', '0', '--hostname', '127.0.0.1'],
    {
      cwd: root,
      env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const local = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (local && /Ready in/.test(output)) resolve(local[1] as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`next start exited (${code}) before it was ready:\n${output}`)),
    );
  });
  return {
    url,
    output: () => output,
    async close() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
