import { EventEmitter, once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../src/index.js';
import { api, createSession, fillMotorClaim, type Receiver, startReceiver } from './helpers.js';

const SECRET = 'whsec_delivery_tests_0001';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((f) => f()));
});

async function setup(options: EmulatorOptions & { receivers?: number } = {}) {
  const receivers: Receiver[] = [];
  for (let i = 0; i < (options.receivers ?? 1); i++) {
    const r = await startReceiver(SECRET);
    receivers.push(r);
    cleanups.push(() => r.close());
  }
  const lines: string[] = [];
  const emu = await startEmulator({
    webhookSecret: SECRET,
    retrySchedule: [20, 40],
    log: (line) => {
      lines.push(line);
      attemptsLogged.emit('line');
    },
    ...options,
    endpoints: options.endpoints ?? [{ url: receivers[0]!.url }],
  });
  cleanups.unshift(() => emu.close());
  return { emu, receivers, receiver: receivers[0]!, lines };
}

async function deliveries(emu: RunningEmulator): Promise<Array<Record<string, any>>> {
  return ((await (await fetch(`${emu.url}/_emulator/deliveries`)).json()) as { deliveries: never[] })
    .deliveries;
}

// Every attempt logs a line once its record is written: wait for lines, not for time.
const attemptsLogged = new EventEmitter();

async function waitForStatus(emu: RunningEmulator, id: string, status: string): Promise<Record<string, any>> {
  for (;;) {
    const next = once(attemptsLogged, 'line');
    const d = (await deliveries(emu)).find((x) => x.delivery_id === id);
    if (d?.status === status) return d;
    await next;
  }
}

describe('webhook delivery', () => {
  it('delivers the session life cycle, signed, each verified by constructEvent', async () => {
    const { emu, receiver } = await setup();
    const s = await createSession(emu, {
      external_case_id: 'CLM-9',
      trace_id: 'trc_9',
      idempotency_key: 'life-1',
    });
    await fillMotorClaim(s.signed_url);
    const done = await receiver.waitFor((e) => e.event_type === 'v1.case.completed');
    const types = receiver.events().map((e) => e.event_type);
    expect(types).toEqual(
      expect.arrayContaining([
        'v1.intake.session_created',
        'v1.intake.submitted',
        'v1.case.processing',
        'v1.case.completed',
      ]),
    );
    expect(receiver.received.every((r) => r.error === undefined)).toBe(true);
    expect(done).toMatchObject({
      event_id: expect.stringMatching(/^evt_[0-9A-Z]{26}$/),
      delivery_id: expect.stringMatching(/^whd_[0-9A-Z]{26}$/),
      semantic_event_type: 'case.completed',
      schema_version: 'v1',
      org_id: 'org_emulator',
      case_id: s.session_id,
      session_id: s.session_id,
      external_case_id: 'CLM-9',
      external_applicant_id: null,
      idempotency_key: 'life-1',
      trace_id: 'trc_9',
      data: { case_status: 'completed' },
    });
    expect((done.data as any).features.incident_date.candidates[0].value_normalized).toBe('2023-02-03');
    expect(receiver.received[0]!.header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it('retries a receiver that fails twice: nothing lost, delivery_id unchanged, attempts recorded', async () => {
    const { emu, receiver, lines } = await setup();
    receiver.failNext(2, 503);
    const res = await api(emu)('/webhooks/test', { method: 'POST' });
    expect(res.status).toBe(200);
    const {
      deliveries: [sent],
    } = (await res.json()) as { deliveries: Array<{ delivery_id: string }> };
    const got = await receiver.waitForCount((r) => r.event?.delivery_id === sent!.delivery_id, 3);
    expect(got.map((r) => r.answered)).toEqual([503, 503, 200]);
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    const d = await waitForStatus(emu, sent!.delivery_id, 'succeeded');
    expect(d.attempts.map((a: { status: number }) => a.status)).toEqual([503, 503, 200]);
    expect(d.attempts[0]).toMatchObject({
      ok: false,
      injected: false,
      response_excerpt: expect.stringContaining('503'),
    });
    expect(d.attempts.every((a: { latency_ms: number }) => a.latency_ms >= 0)).toBe(true);
    expect(
      lines.filter((l) => l.startsWith(`--> v1.webhook.test ${sent!.delivery_id} ${receiver.url}`)),
    ).toHaveLength(3);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^<-- 200 ${receiver.url} \\d+ms$`)));
    expect(lines.join('\n')).not.toContain(SECRET);
    expect(lines.join('\n')).not.toContain(emu.apiKey);
  });

  it('marks a delivery failed after the last attempt and records v1.webhook.delivery_failed', async () => {
    const { emu, receivers } = await setup({ receivers: 2, endpoints: [] });
    const [failing, watcher] = receivers as [Receiver, Receiver];
    emu.addEndpoint({ url: failing.url, events: ['v1.case.completed', 'v1.webhook.delivery_failed'] });
    emu.addEndpoint({ url: watcher.url, events: ['v1.webhook.delivery_failed'] });
    failing.failNext(10, 500);
    const s = await createSession(emu);
    await fillMotorClaim(s.signed_url);
    const notice = await watcher.waitFor((e) => e.event_type === 'v1.webhook.delivery_failed');
    const failed = (await deliveries(emu)).find((d) => d.event_type === 'v1.case.completed')!;
    expect(failed.status).toBe('failed');
    expect(failed.attempts).toHaveLength(3);
    expect(notice).toMatchObject({
      case_id: s.session_id,
      data: {
        failed_delivery_id: failed.delivery_id,
        failed_event_type: 'v1.case.completed',
        endpoint_url: failing.url,
        attempts: 3,
        last_status: 500,
      },
    });
    // Not sent back to the endpoint that is failing.
    expect(failing.received.filter((r) => r.event?.event_type === 'v1.webhook.delivery_failed')).toHaveLength(
      0,
    );
    const events = (await (await api(emu)(`/cases/${s.session_id}/events`)).json()) as {
      events: Array<{ event_type: string }>;
    };
    expect(events.events.at(-1)?.event_type).toBe('v1.webhook.delivery_failed');
  });

  it('only delivers subscribed types, and signs with the endpoint’s own secret', async () => {
    const own = 'whsec_endpoint_own_secret_1';
    const r = await startReceiver(own);
    cleanups.push(() => r.close());
    const { emu } = await setup({ endpoints: [{ url: r.url, secret: own, events: ['v1.case.completed'] }] });
    const s = await createSession(emu);
    await fillMotorClaim(s.signed_url);
    await r.waitFor((e) => e.event_type === 'v1.case.completed');
    // Deliveries are created when the event is recorded: none for the other types means none will come.
    expect((await deliveries(emu)).map((d) => d.event_type)).toEqual(['v1.case.completed']);
    expect(r.received.map((x) => x.event?.event_type)).toEqual(['v1.case.completed']);
  });

  it('injects failures: the attempt counts as the given status without reaching the receiver', async () => {
    const { emu, receiver } = await setup({ endpoints: [] });
    emu.addEndpoint({ url: receiver.url, failure: { status: 500, times: 2 } });
    const s = await createSession(emu);
    const got = await receiver.waitFor((e) => e.event_type === 'v1.intake.session_created');
    expect(receiver.received).toHaveLength(1);
    const d = await waitForStatus(emu, got.delivery_id as string, 'succeeded');
    expect(d.attempts.map((a: any) => [a.status, a.injected])).toEqual([
      [500, true],
      [500, true],
      [200, false],
    ]);
    expect(d.case_id).toBe(s.session_id);
  });

  it('counts no answer within deliveryTimeoutMs as a failure, and a refused connection too', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/hook`;
    await new Promise<void>((r) => closed.close(() => r()));
    const { emu, receiver } = await setup({ deliveryTimeoutMs: 100, retrySchedule: [10] });
    emu.addEndpoint({ url: deadUrl });
    receiver.delay(300);
    const res = await api(emu)('/webhooks/test', { method: 'POST' });
    const { deliveries: sent } = (await res.json()) as {
      deliveries: Array<{ delivery_id: string; endpoint_url: string }>;
    };
    const slow = await waitForStatus(
      emu,
      sent.find((d) => d.endpoint_url === receiver.url)!.delivery_id,
      'failed',
    );
    expect(slow.attempts.map((a: any) => [a.status, a.error])).toEqual([
      [null, 'no answer within 100 ms'],
      [null, 'no answer within 100 ms'],
    ]);
    const dead = await waitForStatus(
      emu,
      sent.find((d) => d.endpoint_url === deadUrl)!.delivery_id,
      'failed',
    );
    expect(dead.attempts[0].error).toBe('ECONNREFUSED');
  });

  it('injects a delay past the timeout as a timeout', async () => {
    const { emu, receiver } = await setup({ endpoints: [], deliveryTimeoutMs: 400, retrySchedule: [5] });
    emu.addEndpoint({ url: receiver.url, failure: { delayMs: 400, times: 1 } });
    await createSession(emu);
    const got = await receiver.waitFor((e) => e.event_type === 'v1.intake.session_created');
    const d = await waitForStatus(emu, got.delivery_id as string, 'succeeded');
    expect(d.attempts.map((a: any) => [a.status, a.injected])).toEqual([
      [null, true],
      [200, false],
    ]);
    expect(d.attempts[0].error).toMatch(/no answer within 400 ms \(injected delay\)/);
  });

  it('resends from the dashboard with the same delivery_id and a valid fresh signature', async () => {
    const { emu, receiver } = await setup();
    await createSession(emu);
    const first = await receiver.waitFor((e) => e.event_type === 'v1.intake.session_created');
    const id = first.delivery_id as string;
    await waitForStatus(emu, id, 'succeeded');
    const res = await fetch(`${emu.url}/_emulator/deliveries/${id}/resend`, {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    const d = (await res.json()) as Record<string, any>;
    expect(d.attempts.map((a: any) => [a.status, a.manual])).toEqual([
      [200, false],
      [200, true],
    ]);
    const both = await receiver.waitForCount((r) => r.event?.delivery_id === id, 2);
    expect(both.every((r) => r.error === undefined)).toBe(true);
    const form = await fetch(`${emu.url}/_emulator/deliveries/${id}/resend`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe(`/_emulator#delivery-${id}`);
    expect((await fetch(`${emu.url}/_emulator/deliveries/whd_nope/resend`, { method: 'POST' })).status).toBe(
      404,
    );
  });

  it('acknowledges a delivery and stops its retries', async () => {
    const { emu, receiver } = await setup({ retrySchedule: [1500] });
    receiver.failNext(5, 500);
    const res = await api(emu)('/webhooks/test', { method: 'POST' });
    const {
      deliveries: [sent],
    } = (await res.json()) as { deliveries: Array<{ delivery_id: string }> };
    await receiver.waitForCount((r) => r.event?.delivery_id === sent!.delivery_id, 1);
    const ack = await api(emu)(`/webhooks/deliveries/${sent!.delivery_id}/ack`, {
      method: 'POST',
      json: { acknowledgement_id: 'ack-1' },
    });
    expect(ack.status).toBe(200);
    expect(await ack.json()).toEqual({
      delivery_id: sent!.delivery_id,
      acknowledged: true,
      acknowledgement_id: 'ack-1',
      acknowledged_at: expect.any(String),
    });
    const again = await api(emu)(`/webhooks/deliveries/${sent!.delivery_id}/ack`, {
      method: 'POST',
      headers: { 'idempotency-key': 'ack-2' },
    });
    expect(((await again.json()) as Record<string, string>).acknowledgement_id).toBe('ack-1');
    // That no retry follows is shown on fake timers in delivery-clock.test.ts.
    expect((await deliveries(emu)).find((d) => d.delivery_id === sent!.delivery_id)?.status).toBe(
      'succeeded',
    );
    const missing = await api(emu)('/webhooks/deliveries/whd_unknown/ack', { method: 'POST' });
    expect(missing.status).toBe(404);
  });
});
