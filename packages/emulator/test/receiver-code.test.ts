import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createKlarefiHandler } from '@klarefi/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiverErrorCode } from '../src/delivery-answer.js';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { api } from './helpers.js';

// A real SDK receiver configured with another secret: it refuses every delivery with its JSON error.
let emu: RunningEmulator;
let server: ReturnType<typeof serve>;

beforeAll(async () => {
  const handler = createKlarefiHandler({
    webhookSecret: 'whsec_not_the_emulators_secret_0000',
    startClaim: false,
  });
  server = serve({ fetch: handler, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/klarefi`;
  emu = await startEmulator({ endpoints: [{ url }], retrySchedule: [] });
});
afterAll(async () => {
  await emu.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("the receiver's error code", () => {
  it('is kept per attempt and shown on the dashboard', async () => {
    const res = await api(emu)('/webhooks/test', { method: 'POST' });
    const { deliveries } = (await res.json()) as { deliveries: Array<{ delivery_id: string }> };
    const id = deliveries[0]!.delivery_id;
    // A resend waits for its attempt; the scheduled first attempt is serialised before it.
    const sent = await fetch(`${emu.url}/_emulator/deliveries/${id}/resend`, {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    const d = (await sent.json()) as { attempts: Array<{ status: number; receiver_code: string | null }> };
    expect(d.attempts.length).toBeGreaterThanOrEqual(1);
    const last = d.attempts.at(-1)!;
    expect(last.status).toBeGreaterThanOrEqual(400);
    expect(last.receiver_code).toMatch(/^[a-z_]+$/);
    const html = await (await fetch(emu.dashboardUrl)).text();
    expect(html).toContain(
      `<code class="receiver-code" title="the code of the receiver's JSON error">${last.receiver_code}</code>`,
    );
  });

  it('reads both error body shapes and nothing else', () => {
    expect(receiverErrorCode('{"error":{"code":"invalid_signature","message":"x"}}')).toBe(
      'invalid_signature',
    );
    expect(receiverErrorCode('{"code":"handler_failed"}')).toBe('handler_failed');
    expect(receiverErrorCode('{"error":"failing on purpose (500)"}')).toBeNull();
    expect(receiverErrorCode('<h1>Bad gateway</h1>')).toBeNull();
    expect(receiverErrorCode('{not json')).toBeNull();
  });
});
