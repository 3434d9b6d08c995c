import { EventEmitter, once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KlarefiConfigError } from '@klarefi/sdk';
import { describe, expect, it } from 'vitest';
import { createEmulatorApp, type RunningEmulator, startEmulator } from '../src/index.js';
import { api, createSession, manualClock, startReceiver } from './helpers.js';

// Each attempt logs a line once its record is written: wait for lines, not for time.
const logged = new EventEmitter();
const log = () => {
  logged.emit('line');
};

async function waitForAttempts(emu: RunningEmulator, count: number) {
  for (;;) {
    const next = once(logged, 'line');
    const { deliveries } = (await (await fetch(`${emu.url}/_emulator/deliveries`)).json()) as {
      deliveries: any[];
    };
    if (deliveries[0]?.attempts.length >= count) return deliveries[0];
    await next;
  }
}

describe('dataFile', () => {
  it('keeps state and credentials across a restart, and delivers what was queued before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klarefi-emu-'));
    const dataFile = join(dir, 'nested', 'state.json');
    const clock = manualClock();
    const options = { dataFile, now: clock.now, retrySchedule: [60_000], log };

    const first = await startEmulator(options);
    const receiver = await startReceiver(first.webhookSecret);
    first.addEndpoint({ url: receiver.url, failure: { status: 503, times: 1 } });
    const s = await createSession(first, { external_case_id: 'CLM-restart' });
    const pending = await waitForAttempts(first, 1);
    expect(pending).toMatchObject({ status: 'pending', event_type: 'v1.intake.session_created' });
    expect(pending.attempts[0]).toMatchObject({ status: 503, injected: true });
    const { apiKey, webhookSecret } = first;
    await first.close();

    const saved = JSON.parse(readFileSync(dataFile, 'utf8'));
    expect(saved.deliveries[pending.delivery_id].status).toBe('pending');
    expect(readdirSync(join(dir, 'nested'))).toEqual(['state.json']);
    expect(receiver.received).toHaveLength(0);

    // The retry is due 60 s ± 20 % jitter after the failed attempt: move past the latest it can be.
    clock.advance(73_000);
    const second = await startEmulator({ ...options, endpoints: [{ url: receiver.url }] });
    expect(second.apiKey).toBe(apiKey);
    expect(second.webhookSecret).toBe(webhookSecret);
    const delivered = await receiver.waitFor((e) => e.event_type === 'v1.intake.session_created');
    expect(delivered.delivery_id).toBe(pending.delivery_id);
    expect(delivered.external_case_id).toBe('CLM-restart');
    const done = await waitForAttempts(second, 2);
    expect(done.status).toBe('succeeded');

    const c = await api(second)(`/cases/${s.session_id}`);
    expect(c.status).toBe(200);
    const token = new URL(s.signed_url).searchParams.get('token');
    expect((await fetch(`${second.url}/s/${s.session_id}?token=${token}`)).status).toBe(200);
    const replay = await api(second)('/sessions', {
      method: 'POST',
      json: {
        case_type_id: 'motor_claim',
        external_case_id: 'CLM-restart',
        idempotency_key: await idempotencyKeyOf(second, s.session_id),
      },
    });
    expect(replay.status).toBe(200);
    await second.close();
    await receiver.close();
  });

  it('refuses a dataFile that is not emulator state', () => {
    const dir = mkdtempSync(join(tmpdir(), 'klarefi-emu-'));
    const dataFile = join(dir, 'state.json');
    writeFileSync(dataFile, 'not json');
    expect(() => createEmulatorApp({ dataFile })).toThrow(KlarefiConfigError);
    expect(() => createEmulatorApp({ dataFile })).toThrow(
      /is not valid JSON .*Delete it or choose another dataFile/,
    );
    writeFileSync(dataFile, '{"version":7}');
    expect(() => createEmulatorApp({ dataFile })).toThrow(/is not emulator state/);
  });
});

async function idempotencyKeyOf(emu: RunningEmulator, sessionId: string): Promise<string> {
  const { events } = (await (await fetch(`${emu.url}/_emulator/events`)).json()) as { events: any[] };
  return events.find((e) => e.session_id === sessionId).idempotency_key;
}
