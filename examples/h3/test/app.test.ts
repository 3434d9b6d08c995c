import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { claimThroughApp, describeBrowser } from '@klarefi/conformance/browser';
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { exampleConfig } from '@klarefi/example-kit';
import { toNodeListener } from 'h3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

const configFor = (e: RunningEmulator, port = 0) =>
  exampleConfig({
    PORT: String(port),
    KLAREFI_API_KEY: e.apiKey,
    KLAREFI_API_BASE_URL: e.url,
    KLAREFI_WEBHOOK_SECRET: e.webhookSecret,
  });

describe('the h3 example', () => {
  it('serves the home page with a start-claim button', async () => {
    const res = await request(toNodeListener(createApp(configFor(emulator)))).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/start-claim"');
  });

  it('redirects /start-claim to the hosted form with a return_url back to the app', async () => {
    const res = await request(toNodeListener(createApp(configFor(emulator))))
      .get('/start-claim')
      .set('host', 'shop.test:3000')
      .redirects(0);
    expect(res.status).toBe(303);
    const location = new URL(res.headers.location ?? '');
    expect(location.origin).toBe(emulator.url);
    const { sessions } = (await (await fetch(`${emulator.url}/_emulator/sessions`)).json()) as {
      sessions: Array<Record<string, unknown>>;
    };
    const session = sessions.find((s) => location.pathname.endsWith(String(s.session_id)));
    expect(session?.return_url).toBe('http://shop.test:3000/claims/result');
  });
});

describeBrowser('the h3 example in a browser', () => {
  it('goes from the button through the hosted form to the verified case.completed', async () => {
    const server = createServer(toNodeListener(createApp(configFor(emulator))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    emulator.addEndpoint({ url: `${url}/webhooks/klarefi` });
    try {
      const text = await claimThroughApp(url, emulator.url);
      expect(text).toContain('2023-02-03');
      expect(text).toContain('AB-123-C');
    } finally {
      server.close();
    }
  }, 60_000);
});
