import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleEnvelope } from './events.js';
import { signedDelivery } from './signing.js';

/** The secret every crash-proof app is started with (`KLAREFI_WEBHOOK_SECRET`). */
export const CRASH_SECRET = 'whsec_crash_proof_suite';
/** How long an app's timeout middleware waits before it answers 503 itself, in milliseconds. */
export const CRASH_TIMEOUT_MS = 100;

/**
 * The `onEvent` every crash-proof app installs: the delivery's `case_id` says how it misbehaves.
 * `hang` never settles; `late` settles after the app's timeout middleware answered; `slow`
 * settles after the sender has hung up.
 */
export function crashHandler(event: unknown): unknown {
  const caseId = (event as { case_id?: unknown }).case_id;
  if (caseId === 'throw-sync') throw new Error('the handler threw synchronously');
  if (caseId === 'reject') return Promise.reject(new Error('the handler rejected'));
  if (caseId === 'hang') return new Promise(() => {});
  if (caseId === 'late') {
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        process.stdout.write('late settled\n');
        resolve();
      }, 2 * CRASH_TIMEOUT_MS),
    );
  }
  if (caseId === 'slow') {
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        process.stdout.write('slow settled\n');
        resolve();
      }, 3 * CRASH_TIMEOUT_MS),
    );
  }
  return undefined;
}

/** Prints the line the suite waits for: `listening <port>`. */
export function announce(port: number): void {
  process.stdout.write(`listening ${port}\n`);
}

function post(port: number, caseId: string, hangUpAfterMs?: number): Promise<number | 'hung up'> {
  const delivery = signedDelivery({ ...sampleEnvelope(), case_id: caseId }, CRASH_SECRET);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/webhooks/klarefi', headers: delivery.headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (error) => (hangUpAfterMs === undefined ? reject(error) : resolve('hung up')));
    req.end(delivery.body);
    if (hangUpAfterMs !== undefined) setTimeout(() => req.destroy(), hangUpAfterMs).unref();
  });
}

/**
 * Attacks an app from outside, in a child process that must survive: a handler that throws
 * synchronously, one that rejects, one that never settles past the app's timeout middleware, and
 * an answer that cannot be written (the sender hangs up first). After each, the process is alive
 * and answers the next delivery 200. `app` is a TypeScript file that starts the adapter with a
 * timeout middleware in front, `onEvent: crashHandler`, and calls `announce(port)`.
 */
export function runCrashProof(name: string, app: URL): void {
  describe(`${name}: nothing a handler or a sender does ends the process`, () => {
    let child: ChildProcess;
    let port = 0;
    let stderr = '';
    let stdout = '';
    const printed = (line: string) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!stdout.includes(line)) return;
          child.stdout?.off('data', check);
          resolve();
        };
        child.stdout?.on('data', check);
        check();
      });

    beforeAll(async () => {
      child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(app)], {
        env: { ...process.env, KLAREFI_WEBHOOK_SECRET: CRASH_SECRET },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      port = await new Promise<number>((resolve, reject) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /listening (\d+)/.exec(stdout);
          if (match) resolve(Number(match[1]));
        });
        child.once('exit', (code) =>
          reject(new Error(`the app exited (${code}) before listening:\n${stderr}`)),
        );
      });
    }, 60_000);

    afterAll(() => {
      child?.kill('SIGKILL');
    });

    const alive = async () => {
      expect(child.exitCode, stderr).toBeNull();
      expect(await post(port, 'ok')).toBe(200);
    };

    it.each([
      ['throws synchronously', 'throw-sync'],
      ['rejects', 'reject'],
    ])('survives a handler that %s, answering 500', async (_label, caseId) => {
      expect(await post(port, caseId)).toBe(500);
      await alive();
    });

    it("survives a handler that never settles, past the app's timeout middleware", async () => {
      expect(await post(port, 'hang')).toBe(503);
      await alive();
    });

    it("survives a handler that settles after the app's timeout middleware answered", async () => {
      expect(await post(port, 'late')).toBe(503);
      await printed('late settled');
      await alive();
    });

    it('survives an answer that cannot be written: the sender hung up first', async () => {
      expect(await post(port, 'slow', CRASH_TIMEOUT_MS / 2)).toBe('hung up');
      // The answer is written right after the handler settles, before the next request is read.
      await printed('slow settled');
      await alive();
    });
  });
}
