import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const start = fileURLToPath(new URL('../start.mjs', import.meta.url));

/** This example under `node start.mjs` (the `start` script), on a port the system picked. */
export interface AstroServer {
  url: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

/**
 * Runs `node start.mjs` with PORT=0 and `env`, and resolves with its URL once @astrojs/node
 * listens. The build is turbo's "build" task, which the test task depends on; start.mjs only
 * checks that dist/ matches the sources.
 */
export async function startAstro(env: Record<string, string>): Promise<AstroServer> {
  const child: ChildProcess = spawn(process.execPath, [start], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (listening) resolve(listening[1] as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`start.mjs exited (${code}) before it listened:\n${output}`)),
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
