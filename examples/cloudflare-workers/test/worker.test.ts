import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import {
  describeBrowser,
  launchBrowser,
  waitForClaimStatus,
  walkMotorClaimForm,
} from '@klarefi/conformance/browser';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { submitClaim } from '@klarefi/example-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let emulator: RunningEmulator;
let wrangler: ChildProcess;
let url: string;
let output = '';

// `pnpm start` itself (wrangler dev on workerd), on a port the system picks, with the emulator's
// key, URL and secret passed through as --var: what a developer runs against any emulator.
beforeAll(async () => {
  emulator = await startEmulator();
  wrangler = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      KLAREFI_API_KEY: emulator.apiKey,
      KLAREFI_API_BASE_URL: emulator.url,
      KLAREFI_WEBHOOK_SECRET: emulator.webhookSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const ready = /Ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (ready) resolve(ready[1] as string);
    };
    wrangler.stdout?.on('data', onData);
    wrangler.stderr?.on('data', onData);
    wrangler.once('exit', (code) => reject(new Error(`wrangler dev exited (${code}):\n${output}`)));
  });
  emulator.addEndpoint({ url: `${url}/webhooks/klarefi` });
}, 90_000);

afterAll(async () => {
  if (wrangler && wrangler.exitCode === null) {
    wrangler.kill('SIGTERM');
    await once(wrangler, 'exit');
  }
  await emulator?.close();
});

describe('the Cloudflare Workers example on workerd (wrangler dev)', () => {
  it('keeps the secrets out of wrangler output', () => {
    for (const secret of [emulator.apiKey, emulator.webhookSecret]) expect(output).not.toContain(secret);
  });

  it('serves the home page and redirects /start-claim with 303 and a return_url back to the Worker', async () => {
    expect(await (await fetch(`${url}/`)).text()).toContain('href="/start-claim"');
    const res = await fetch(`${url}/start-claim`, { redirect: 'manual' });
    expect(res.status, output).toBe(303);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.origin).toBe(emulator.url);
    const { sessions } = (await (await fetch(`${emulator.url}/_emulator/sessions`)).json()) as {
      sessions: Array<Record<string, unknown>>;
    };
    const session = sessions.find((s) => location.pathname.endsWith(String(s.session_id)));
    expect(session?.return_url).toBe(`${url}/claims/result`);
  });

  it('verifies a delivery with the secret from env, deduplicates it, and refuses a forged one', async () => {
    // A real case: the handler's claim() reads it for its case type.
    const caseId = await submitClaim(emulator);
    const event = sampleEnvelope('v1.case.completed', { case_id: caseId, session_id: caseId });
    const send = (secret: string) =>
      fetch(`${url}/webhooks/klarefi`, { method: 'POST', ...signedDelivery(event, secret) });
    expect(await (await send(emulator.webhookSecret)).json()).toEqual({ received: true });
    expect(await (await send(emulator.webhookSecret)).json()).toEqual({ received: true, duplicate: true });
    expect((await send('whsec_not_the_secret')).status).toBe(401);
  });
});

describeBrowser('the Cloudflare Workers example in a browser, against the emulator', () => {
  it('goes from the button through the hosted form to the verified case.completed', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${url}/`);
      await Promise.all([page.waitForURL(`${emulator.url}/s/**`), page.click('text=Start a claim')]);
      await walkMotorClaimForm(page, `${url}/claims/result?**`);
      await waitForClaimStatus(page, 'case.completed', { emulatorUrl: emulator.url });
      const caseId = new URL(page.url()).searchParams.get('case_id') ?? '';
      expect(await page.textContent('#claim-status')).toContain(caseId);
      // The extracted incident date (the kit chooses how to format it).
      expect(await page.textContent('tr[data-feature="incident_date"]')).toMatch(/2023/);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
