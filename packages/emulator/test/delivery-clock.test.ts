import { createKlarefiHandler } from '@klarefi/sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEmulatorApp, type EmulatorAppOptions } from '../src/index.js';

// Deliveries on fake timers: the attempts go to a real SDK receiver through the injected `fetch`
// (in-process, so no socket waits on a clock that does not move), and the jitter comes from the
// injected random source, so every due time is exact.
const SECRET = 'whsec_delivery_clock_0003';
const URL_ = 'http://receiver.test/webhooks/klarefi';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.UTC(2026, 0, 5, 9) });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Lets promise chains and stream reads (not on the faked timers) settle. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(options: EmulatorAppOptions & { failFirst?: number } = {}) {
  let failuresLeft = options.failFirst ?? 0;
  const codes: Array<string | null> = [];
  const receiver = createKlarefiHandler({
    webhookSecret: SECRET,
    startClaim: false,
    webhook: { onOutcome: (o) => codes.push(o.code) },
    onEvent: () => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('the database is down');
      }
    },
  });
  const calls: number[] = [];
  const attempts: string[] = [];
  const emu = createEmulatorApp({
    webhookSecret: SECRET,
    endpoints: [{ url: URL_ }],
    random: () => 0,
    fetch: async (input, init) => {
      calls.push(Date.now());
      return receiver(new Request(input as string, init));
    },
    log: (line) => {
      if (line.startsWith('<--')) attempts.push(line);
    },
    ...options,
  });
  const deliveries = async () =>
    ((await (await emu.app.request('/_emulator/deliveries')).json()) as { deliveries: any[] }).deliveries;
  const trigger = () =>
    emu.app.request('/api/v1/webhooks/test', {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.apiKey}` },
    });
  return { emu, calls, attempts, codes, deliveries, trigger };
}

describe('delivery timing (fake timers)', () => {
  it('retries on the schedule less 20 % when random() is 0, and keeps the receiver’s error code', async () => {
    const t = setup({ retrySchedule: [1_000, 5_000], failFirst: 2 });
    const start = Date.now();
    await t.trigger();
    await vi.advanceTimersByTimeAsync(0);
    await settle();
    expect(t.calls).toEqual([start]);
    let [d] = await t.deliveries();
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0]).toMatchObject({ status: 500, ok: false });
    expect(d.attempts[0].receiver_code).toBe(t.codes[0]);
    expect(d.attempts[0].receiver_code).toMatch(/^[a-z_]+$/);
    expect(d.next_attempt_at).toBe(start + 800);

    await vi.advanceTimersByTimeAsync(799);
    await settle();
    expect(t.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(t.calls).toEqual([start, start + 800]);

    [d] = await t.deliveries();
    expect(d.next_attempt_at).toBe(start + 800 + 4_000);
    await vi.advanceTimersByTimeAsync(4_000);
    await settle();
    [d] = await t.deliveries();
    expect(t.calls).toEqual([start, start + 800, start + 4_800]);
    expect(d.status).toBe('succeeded');
    expect(d.attempts.map((a: any) => [a.status, a.receiver_code])).toEqual([
      [500, t.codes[0]],
      [500, t.codes[1]],
      [200, null],
    ]);
    await t.emu.close();
  });

  it('an acknowledged delivery is not retried', async () => {
    const t = setup({ retrySchedule: [1_500], failFirst: 5 });
    await t.trigger();
    await vi.advanceTimersByTimeAsync(0);
    await settle();
    const [d] = await t.deliveries();
    const ack = await t.emu.app.request(`/api/v1/webhooks/deliveries/${d.delivery_id}/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.emu.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ acknowledgement_id: 'ack-1' }),
    });
    expect(ack.status).toBe(200);
    await vi.advanceTimersByTimeAsync(60_000);
    await settle();
    expect(t.calls).toHaveLength(1);
    expect((await t.deliveries())[0].status).toBe('succeeded');
    await t.emu.close();
  });

  it('counts a receiver that never answers as a timeout after deliveryTimeoutMs', async () => {
    const calls: number[] = [];
    const emu = createEmulatorApp({
      webhookSecret: SECRET,
      endpoints: [{ url: URL_ }],
      retrySchedule: [],
      deliveryTimeoutMs: 30_000,
      // Answers only when the emulator gives up (its abort signal), as a hung server would.
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => {
          calls.push(Date.now());
          init?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    });
    await emu.app.request('/api/v1/webhooks/test', {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.apiKey}` },
    });
    await vi.advanceTimersByTimeAsync(29_999);
    await settle();
    const list = async () =>
      ((await (await emu.app.request('/_emulator/deliveries')).json()) as { deliveries: any[] }).deliveries;
    expect((await list())[0].attempts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    const [d] = await list();
    expect(calls).toHaveLength(1);
    expect(d).toMatchObject({ status: 'failed' });
    expect(d.attempts[0]).toMatchObject({
      status: null,
      error: 'no answer within 30000 ms',
      receiver_code: null,
    });
    await emu.close();
  });

  it('refuses a fetch or random that is not a function, saying how to fix it', () => {
    expect(() => createEmulatorApp({ fetch: 'yes' as never })).toThrow(/fetch must be a function/);
    expect(() => createEmulatorApp({ random: 0.5 as never })).toThrow(/random must be a function .*\[0, 1\)/);
  });
});
