import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { claimThroughApp, describeBrowser } from '@klarefi/conformance/browser';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { doctor } from 'klarefi';
import { submitClaim } from '@klarefi/example-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The app as `pnpm start` serves it: adapter-node's build (the example's turbo "build" task runs
// before this test), through its documented custom-server entry, build/handler.js.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HANDLER = join(ROOT, 'build', 'handler.js');

/** Builds the app when no build exists (a copy of the example run with plain `vitest run`). */
function buildIfMissing(): void {
  if (existsSync(HANDLER)) return;
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const run = spawnSync(process.execPath, [vite, 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(`vite build failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
}

let emulator: RunningEmulator;
let server: Server;
let url: string;

beforeAll(async () => {
  buildIfMissing();
  emulator = await startEmulator();
  // What `klarefi dev` prints; the app reads them through $env/dynamic/private when it starts.
  Object.assign(process.env, {
    KLAREFI_API_KEY: emulator.apiKey,
    KLAREFI_API_BASE_URL: emulator.url,
    KLAREFI_WEBHOOK_SECRET: emulator.webhookSecret,
    BODY_SIZE_LIMIT: '2M',
  });
  const { handler } = (await import(pathToFileURL(HANDLER).href)) as {
    handler: (req: IncomingMessage, res: ServerResponse) => void;
  };
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 180_000);
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await emulator?.close();
});

/** A GET with a Host header of its own (fetch does not let a caller set it), not following redirects. */
function get(path: string, host: string): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    request(`${url}${path}`, { headers: { host } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, location: res.headers.location });
    })
      .once('error', reject)
      .end();
  });
}

describe('the SvelteKit example (adapter-node build)', () => {
  it('serves the home page with a start-claim button', async () => {
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('href="/start-claim"');
  });

  it('redirects /start-claim to the hosted form with a return_url back to the app', async () => {
    const res = await get('/start-claim', 'shop.test:3000');
    expect(res.status).toBe(303);
    const location = new URL(res.location ?? '');
    expect(location.origin).toBe(emulator.url);
    const { sessions } = (await (await fetch(`${emulator.url}/_emulator/sessions`)).json()) as {
      sessions: Array<Record<string, unknown>>;
    };
    const session = sessions.find((s) => location.pathname.endsWith(String(s.session_id)));
    expect(session?.return_url).toBe('http://shop.test:3000/claims/result');
  });

  it('verifies a signed delivery and shows its claim on /claims', async () => {
    // A real case: the handler's claim() reads it for its case type.
    const caseId = await submitClaim(emulator);
    const event = sampleEnvelope('v1.case.completed', { case_id: caseId, session_id: caseId });
    const res = await fetch(`${url}/webhooks/klarefi`, {
      method: 'POST',
      ...signedDelivery(event, emulator.webhookSecret),
    });
    expect([res.status, await res.json()]).toEqual([200, { received: true }]);
    const forged = await fetch(`${url}/webhooks/klarefi`, {
      method: 'POST',
      ...signedDelivery(event, 'whsec_not_the_secret'),
    });
    expect(forged.status).toBe(401);
    expect(await (await fetch(`${url}/claims`)).text()).toContain(String(event.case_id));
  });

  it('passes every check of klarefi doctor, the 900 KB body included', async () => {
    const report = await doctor(`${url}/webhooks/klarefi`, { secret: emulator.webhookSecret });
    expect(report.checks.filter((c) => c.verdict === 'fail').map((c) => c.id)).toEqual([]);
  });
});

describeBrowser('the SvelteKit example in a browser', () => {
  it('goes from the button through the hosted form to the verified case.completed', async () => {
    emulator.addEndpoint({ url: `${url}/webhooks/klarefi` });
    const text = await claimThroughApp(url, emulator.url);
    expect(text).toContain('2023-02-03');
    expect(text).toContain('AB-123-C');
  }, 60_000);
});
