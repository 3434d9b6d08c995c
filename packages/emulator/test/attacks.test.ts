import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulatorApp } from '../src/index.js';

const SERVE = new URL('./fixtures/serve.ts', import.meta.url).pathname;

interface Child {
  process: ChildProcess;
  url: string;
  apiKey: string;
  exited: boolean;
}

/** Starts an emulator in its own process; the test is the attacker outside it. */
async function startChild(dataFile?: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE, ...(dataFile ? [dataFile] : [])], {
    cwd: new URL('..', import.meta.url).pathname,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise<{ url: string; apiKey: string }>((resolve, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`emulator exited (${signal ?? code}) before ready`)),
    );
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line)));
  });
  const running: Child = { process: child, ...info, exited: false };
  child.on('exit', () => {
    running.exited = true;
  });
  return running;
}

async function stop(child: Child): Promise<void> {
  if (child.exited) return;
  const gone = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGTERM');
  await gone;
}

/** Proves the process is alive: it answers the API's health check. */
async function stillAnswers(child: Child): Promise<void> {
  const res = await fetch(`${child.url}/api/v1/health`);
  expect(res.status).toBe(200);
  expect(child.exited).toBe(false);
}

describe('attacks on a running emulator (issue 22, item 6)', () => {
  let child: Child;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klarefi-emulator-attack-'));
    child = await startChild(join(dir, 'state.json'));
  });
  afterAll(async () => {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a cross-site form POST to resend __proto__ is refused, and the process lives', async () => {
    for (const name of ['__proto__', 'constructor', 'hasOwnProperty']) {
      const crossSite = await fetch(`${child.url}/_emulator/deliveries/${name}/resend`, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(crossSite.status).toBe(403);
      // Without Origin (curl, a script on the same machine): a plain 404, never a crash.
      const direct = await fetch(`${child.url}/_emulator/deliveries/${name}/resend`, { method: 'POST' });
      expect(direct.status).toBe(404);
      await stillAnswers(child);
    }
  });

  it('prototype names are "not found" on every lookup by id', async () => {
    const auth = { authorization: `Bearer ${child.apiKey}` };
    for (const name of ['__proto__', 'constructor', 'toString']) {
      for (const path of [`cases/${name}`, `cases/${name}/events`, `cases/${name}/package`]) {
        const res = await fetch(`${child.url}/api/v1/${path}`, { headers: auth });
        expect(res.status, path).toBe(404);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('case_not_found');
      }
      const ack = await fetch(`${child.url}/api/v1/webhooks/deliveries/${name}/ack`, {
        method: 'POST',
        headers: auth,
      });
      expect(ack.status).toBe(404);
      const form = await fetch(`${child.url}/s/${name}?token=x`);
      expect(form.status).toBe(404);
      const step = await fetch(`${child.url}/s/${name}/step?token=x&step=1`, { method: 'POST' });
      expect(step.status).toBe(404);
      const erase = await fetch(`${child.url}/api/v1/documents/${name}`, { method: 'DELETE', headers: auth });
      expect(erase.status).toBe(404);
    }
    await stillAnswers(child);
  });

  it('an oversized API body is a 413 in the error envelope, not memory', async () => {
    // Its own connection: the emulator answers before reading the rest and closes that socket.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${child.url}/api/v1/sessions`,
        {
          method: 'POST',
          agent: false,
          headers: { authorization: `Bearer ${child.apiKey}`, 'content-type': 'application/json' },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (chunk: string) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ case_type_id: 'motor_claim', pad: 'a'.repeat(2 * 1024 * 1024) }));
    });
    expect(answer.status).toBe(413);
    const body = JSON.parse(answer.body) as { error: { type: string; code: string } };
    expect(body.error).toMatchObject({ type: 'validation_error', code: 'request_too_large' });
    await stillAnswers(child);
  });

  it('the data file is readable by its owner only', async () => {
    const res = await fetch(`${child.url}/api/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${child.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ case_type_id: 'motor_claim', idempotency_key: 'mode-check' }),
    });
    expect(res.status).toBe(201);
    await new Promise((resolve) => setImmediate(resolve));
    expect(statSync(join(dir, 'state.json')).mode & 0o777).toBe(0o600);
  });
});

describe('the dashboard refuses what another site sends', () => {
  const emulator = createEmulatorApp({ retrySchedule: [] });
  afterAll(() => emulator.close());

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin null (sandboxed iframe, data: URL)', { origin: 'null' }],
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
  ])('%s → 403', async (_name, headers) => {
    const res = await emulator.app.request('http://127.0.0.1:4010/_emulator/deliveries/whd_x/resend', {
      method: 'POST',
      headers,
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('cross_site_request');
  });

  it('a rebound host name → 403 untrusted_host', async () => {
    const res = await emulator.app.request('http://attacker.example:4010/_emulator/deliveries/whd_x/resend', {
      method: 'POST',
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('untrusted_host');
  });

  it('the dashboard itself (same origin) and clients without Origin pass', async () => {
    const cases: Array<Record<string, string>> = [
      { origin: 'http://127.0.0.1:4010', 'sec-fetch-site': 'same-origin' },
      {},
    ];
    for (const headers of cases) {
      const res = await emulator.app.request('http://127.0.0.1:4010/_emulator/deliveries/whd_x/resend', {
        method: 'POST',
        headers,
      });
      expect(res.status).toBe(404);
    }
  });
});

describe('idempotency keys are scoped per API key', () => {
  it('the same key from another API key creates its own session', async () => {
    const other = 'sk_test_other_key_1234';
    const emulator = createEmulatorApp({
      retrySchedule: [],
      additionalKeys: [{ apiKey: other, scopes: ['intake:sessions:create'] }],
    });
    const create = (key: string) =>
      emulator.app.request('http://127.0.0.1/api/v1/sessions', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'shared-key' },
        body: JSON.stringify({ case_type_id: 'motor_claim' }),
      });
    const first = await create(emulator.apiKey);
    const second = await create(other);
    const replay = await create(emulator.apiKey);
    expect([first.status, second.status, replay.status]).toEqual([201, 201, 200]);
    const [a, b, c] = (await Promise.all([first.json(), second.json(), replay.json()])) as Array<{
      session_id: string;
    }>;
    expect(b?.session_id).not.toBe(a?.session_id);
    expect(c?.session_id).toBe(a?.session_id);
    await emulator.close();
  });
});
