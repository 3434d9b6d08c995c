import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sampleEnvelope, signedDelivery, unusedBaseUrl } from '@klarefi/conformance';
import { claimThroughApp, describeBrowser } from '@klarefi/conformance/browser';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

let emulator: RunningEmulator;
let app: ChildProcess;
let url: string;
let output = '';

// The example as `pnpm start` runs it: start.mjs, then react-router-serve on the build that turbo's
// "build" task made before this test (start.mjs builds only when the sources changed since).
beforeAll(async () => {
  emulator = await startEmulator();
  url = await unusedBaseUrl();
  app = spawn(process.execPath, ['start.mjs'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: new URL(url).port,
      KLAREFI_API_KEY: emulator.apiKey,
      KLAREFI_API_BASE_URL: emulator.url,
      KLAREFI_WEBHOOK_SECRET: emulator.webhookSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('[react-router-serve]')) resolve();
    };
    app.stdout?.on('data', onData);
    app.stderr?.on('data', onData);
    app.once('exit', (code) => reject(new Error(`pnpm start exited with ${code}:\n${output}`)));
  });
}, 180_000);

afterAll(async () => {
  if (app && app.exitCode === null) {
    const exited = new Promise((resolve) => app.once('exit', resolve));
    app.kill('SIGTERM');
    await exited;
  }
  await emulator?.close();
});

describe('the React Router example (pnpm start)', () => {
  it('serves the home page with a start-claim button', async () => {
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('href="/start-claim"');
  });

  it('redirects /start-claim to the hosted form with a return_url back to the app', async () => {
    const res = await fetch(`${url}/start-claim`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.origin).toBe(emulator.url);
    const { sessions } = (await (await fetch(`${emulator.url}/_emulator/sessions`)).json()) as {
      sessions: Array<Record<string, unknown>>;
    };
    const session = sessions.find((s) => location.pathname.endsWith(String(s.session_id)));
    expect(session?.return_url).toBe(`${url}/claims/result`);
  });

  it('verifies a signed delivery, lists the claim, and refuses a wrong signature', async () => {
    const event = sampleEnvelope();
    const delivery = signedDelivery(event, emulator.webhookSecret);
    const ok = await fetch(`${url}/webhooks/klarefi`, { method: 'POST', ...delivery });
    expect(ok.status).toBe(200);
    expect(await (await fetch(`${url}/claims`)).text()).toContain(String(event.case_id));

    const forged = signedDelivery(sampleEnvelope(), 'whsec_not_the_secret');
    const refused = await fetch(`${url}/webhooks/klarefi`, { method: 'POST', ...forged });
    expect(refused.status).toBe(401);
  });
});

describeBrowser('the React Router example in a browser', () => {
  it('goes from the button through the hosted form to the verified case.completed', async () => {
    emulator.addEndpoint({ url: `${url}/webhooks/klarefi` });
    const text = await claimThroughApp(url, emulator.url);
    expect(text).toContain('2023-02-03');
    expect(text).toContain('AB-123-C');
  }, 60_000);
});
