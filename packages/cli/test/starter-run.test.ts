// The AWS Lambda starter run as its header says (`npx tsx klarefi-handler.ts`): the lines below the
// handler serve it locally as a Function URL calls it, so `klarefi dev` can drive it end to end.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { signed, testEnvelope } from '@klarefi/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, requireBuiltCli, runCli } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let dir: string;
let emulator: RunningEmulator;
let child: ChildProcess | undefined;
let output = '';
let url: string;

beforeAll(async () => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'klarefi-lambda-starter-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  // The project the install step makes: @klarefi/aws-lambda (with the SDK) resolvable.
  mkdirSync(join(dir, 'node_modules', '@klarefi'), { recursive: true });
  symlinkSync(join(ROOT, 'packages', 'aws-lambda'), join(dir, 'node_modules', '@klarefi', 'aws-lambda'));
  const init = await runCli(['webhooks', 'init', '--framework', 'aws-lambda'], { cwd: dir });
  expect(init.code, init.stderr).toBe(0);

  emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
  const port = await closedPort();
  url = `http://127.0.0.1:${port}`;
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  child = spawn(process.execPath, ['--import', tsx, 'klarefi-handler.ts'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      KLAREFI_API_KEY: emulator.apiKey,
      KLAREFI_API_BASE_URL: emulator.url,
      KLAREFI_WEBHOOK_SECRET: emulator.webhookSecret,
    },
  });
  const started = child;
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`Listening on ${url}`)) resolve();
    };
    started.stdout?.on('data', onData);
    started.stderr?.on('data', onData);
    started.once('exit', (code) => reject(new Error(`The starter exited (${code}):\n${output}`)));
    setTimeout(
      () => reject(new Error(`The starter did not print "Listening on ${url}":\n${output}`)),
      45_000,
    ).unref();
  });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the aws-lambda starter, run locally', () => {
  it('GET /start-claim: the handler creates a session and redirects to the hosted form (303)', async () => {
    const res = await fetch(`${url}/start-claim`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')?.startsWith(`${emulator.url}/s/`)).toBe(true);
  });

  it('POST /webhooks/klarefi: verified over the base64-decoded body; the handler logs the typed claim', async () => {
    const event = {
      ...testEnvelope(),
      event_type: 'v1.case.completed',
      semantic_event_type: 'case.completed',
      case_id: 'case_starter_1',
      data: {
        case_status: 'completed',
        case_type_id: 'motor_claim',
        features: {
          incident_date: {
            decision: { decision: 'keep' },
            candidates: [{ candidate_id: 'c1', value_normalized: '2023-02-03' }],
          },
        },
      },
    };
    const delivery = signed(
      JSON.stringify(event),
      emulator.webhookSecret,
      Math.floor(Date.now() / 1000),
      event.delivery_id,
    );
    const res = await fetch(`${url}/webhooks/klarefi`, {
      method: 'POST',
      headers: delivery.headers,
      body: Buffer.from(delivery.body),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });
    await expect.poll(() => output).toContain("motor_claim { incident_date: '2023-02-03' }");
    expect(output).toContain('claim completed case_starter_1');
  });

  it("refuses an unsigned delivery with the adapter's own answer (400 missing_header)", async () => {
    const res = await fetch(`${url}/webhooks/klarefi`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('missing_header');
  });
});
