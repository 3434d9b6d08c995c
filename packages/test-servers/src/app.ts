import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The ```ts blocks of a README (their code, verbatim) that contain `marker`. */
export function readmeBlocks(readme: string, marker: string): string[] {
  const blocks: string[] = [];
  const pattern = /^```ts\b[^\n]*\n([\s\S]*?)^```/gm;
  for (const match of readFileSync(readme, 'utf8').matchAll(pattern)) {
    if (match[1]?.includes(marker)) blocks.push(match[1]);
  }
  return blocks;
}

/** An app running in a child process, as its user would run it. */
export interface ChildApp {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the app wrote to stderr so far. */
  stderr(): string;
  /** True while the process has not exited. */
  alive(): boolean;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Runs `code` (TypeScript: a README block) as a module in `dir` (a package dir: the app resolves
 * that package's dependencies), with an `express` `app` listening on 127.0.0.1 and a free port appended:
 * resolves once it listens.
 */
export async function runExpressBlock(options: {
  code: string;
  dir: string;
  env: Record<string, string>;
}): Promise<ChildApp> {
  // Inside the package (so it resolves the package by its own name too), where git ignores it.
  const cache = join(options.dir, '.klarefi', 'readme-apps');
  mkdirSync(cache, { recursive: true });
  const file = join(cache, `app-${process.pid}-${Date.now()}.mts`);
  writeFileSync(
    file,
    `${options.code}\nconst server = app.listen(0, '127.0.0.1', () => {\n  const address = server.address();\n  process.stdout.write(\`listening \${typeof address === 'object' && address ? address.port : 0}\\n\`);\n});\n`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: dirname(file),
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const port = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /listening (\d+)/.exec(output)?.[1];
        if (found) resolve(found);
      });
      child.once('exit', (code, signal) =>
        reject(new Error(`the app exited (${signal ?? code}) before it listened:\n${stderr}`)),
      );
    });
    return {
      url: `http://127.0.0.1:${port}`,
      child,
      stderr: () => stderr,
      alive: () => child.exitCode === null && child.signalCode === null,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
  } finally {
    // tsx has read the file by the time the app listens (or died).
    rmSync(file, { force: true });
  }
}

/** POSTs one signed `v1.case.completed` delivery; the status, or `'conn'` when no answer came. */
export async function deliver(
  app: ChildApp,
  sign: (payload: string) => string,
  deliveryId: string,
  path = '/webhooks/klarefi',
): Promise<number | 'conn'> {
  const body = JSON.stringify({
    event_type: 'v1.case.completed',
    delivery_id: deliveryId,
    case_id: `case_${deliveryId}`,
  });
  try {
    const res = await fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-klarefi-signature': sign(body) },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 'conn';
  }
}
