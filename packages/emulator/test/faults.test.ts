import { constructEvent, KlarefiConfigError } from '@klarefi/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { api, createSession, type Receiver, startReceiver } from './helpers.js';

const SECRET = 'whsec_faults_test_secret_0001';
const PREVIOUS = 'whsec_faults_test_previous_01';

let emulator: RunningEmulator | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await emulator?.close();
  await receiver?.close();
  emulator = undefined;
  receiver = undefined;
});

async function start(secret = SECRET, extra: Parameters<typeof startEmulator>[0] = {}) {
  receiver = await startReceiver(secret);
  emulator = await startEmulator({
    webhookSecret: SECRET,
    previousWebhookSecret: PREVIOUS,
    endpoints: [{ url: receiver.url }],
    retrySchedule: [],
    ...extra,
  });
  return { emulator, receiver };
}

async function testEvent(emu: RunningEmulator): Promise<string> {
  const res = await api(emu)('/webhooks/test', { method: 'POST' });
  const body = (await res.json()) as { deliveries: Array<{ delivery_id: string }> };
  return body.deliveries[0]!.delivery_id;
}

describe('faults', () => {
  it('duplicate: concurrent sends two copies of one try, both recorded', async () => {
    const { emulator, receiver } = await start();
    emulator.faults.add({ duplicate: 'concurrent' });
    const id = await testEvent(emulator);
    await receiver.waitForCount(() => true, 2);
    const d = await waitForAttempts(emulator, id, 2);
    expect(d.attempts.map((a) => [a.status, a.faults, a.copy])).toEqual([
      [200, ['duplicate:concurrent'], undefined],
      [200, ['duplicate:concurrent'], 2],
    ]);
    // The fault bound to one delivery only (the default): the next one is clean.
    const next = await testEvent(emulator);
    expect((await waitForAttempts(emulator, next, 1)).attempts[0]?.faults).toEqual([]);
  });

  it('body and signing faults are refused by a receiver that verifies the raw bytes', async () => {
    const { emulator, receiver } = await start();
    const kinds = [
      { body: 'reserialised' },
      { body: 'bom' },
      { body: 'crlf' },
      { clockSkewSeconds: 400 },
      { signWith: 'wrong-secret' },
    ] as const;
    for (const fault of kinds) {
      const handle = emulator.faults.add(fault);
      const id = await testEvent(emulator);
      const d = await waitForAttempts(emulator, id, 1);
      expect(d.attempts[0]?.status, JSON.stringify(fault)).toBe(401);
      handle.remove();
    }
    expect(receiver.events()).toEqual([]);
    const skewed = receiver.received[3]!;
    const t = Number(/t=(\d+)/.exec(skewed.header)?.[1]);
    expect(t - Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(398);
  });

  it('signWith previous-secret verifies against the previous secret', async () => {
    const { emulator, receiver } = await start(PREVIOUS);
    emulator.faults.add({ signWith: 'previous-secret', match: 'webhook.test' });
    const id = await testEvent(emulator);
    expect((await waitForAttempts(emulator, id, 1)).attempts[0]?.status).toBe(200);
    expect(() =>
      constructEvent(receiver.received[0]!.body, receiver.received[0]!.header, PREVIOUS),
    ).not.toThrow();
  });

  it('reorder holds a delivery until a later one was answered', async () => {
    const { emulator, receiver } = await start();
    emulator.faults.add({ reorder: true, match: 'v1.webhook.test' });
    const first = await testEvent(emulator);
    await createSession(emulator);
    await receiver.waitForCount(() => true, 2);
    const types = receiver.events().map((e) => e.event_type);
    expect(types).toEqual(['v1.intake.session_created', 'v1.webhook.test']);
    expect((await waitForAttempts(emulator, first, 1)).attempts[0]?.faults).toEqual(['reorder']);
  });

  it('attempts limits a fault to the first tries; the retry is clean', async () => {
    const { emulator } = await start(SECRET, { retrySchedule: [20] });
    emulator.faults.add({ body: 'reserialised', attempts: 1 });
    const id = await testEvent(emulator);
    const d = await waitForAttempts(emulator, id, 2);
    expect(d.attempts.map((a) => [a.status, a.faults])).toEqual([
      [401, ['body:reserialised']],
      [200, []],
    ]);
  });

  it('a bad fault is refused with what to fix', async () => {
    const { emulator } = await start();
    expect(() => emulator.faults.add({})).toThrow(KlarefiConfigError);
    expect(() => emulator.faults.add({ duplicate: 'twice' as never })).toThrow(
      /'sequential' or 'concurrent'/,
    );
    expect(() => emulator.faults.add({ body: 'reserialised', deliveries: 0 })).toThrow(/deliveries/);
    expect(() => emulator.clock.advance('soon')).toThrow(/'72h'/);
  });
});

describe('the movable clock', () => {
  it('brings a retry forward, signed at the new time', async () => {
    const { emulator, receiver } = await start(SECRET, { retrySchedule: [3_600_000] });
    receiver.failNext(1, 503);
    const id = await testEvent(emulator);
    expect((await waitForAttempts(emulator, id, 1)).next_attempt_at).toBeGreaterThan(Date.now() + 2_800_000);
    emulator.clock.advance('2h');
    const d = await waitForAttempts(emulator, id, 2);
    // Two hours ahead of the receiver's clock: outside its 300 s tolerance, as it would be for an app.
    expect(d.attempts.map((a) => a.status)).toEqual([503, 401]);
    const t = Number(/t=(\d+)/.exec(d.attempts[1]?.signature_header ?? '')?.[1]);
    expect(t - Math.floor(Date.now() / 1000)).toBeGreaterThan(7_000);
  });

  it('expires a session without waiting', async () => {
    const { emulator } = await start();
    const { signed_url } = await createSession(emulator, { ttl_hours: 1 });
    expect((await fetch(signed_url)).status).toBe(200);
    emulator.clock.advance('72h');
    const expired = await fetch(signed_url);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('data-state="expired"');
  });
});

describe('in-process endpoints and the HTTP controls', () => {
  it('delivers to a handler with the request it would have sent', async () => {
    const seen: Array<{ url: string; event: unknown }> = [];
    emulator = await startEmulator({
      webhookSecret: SECRET,
      retrySchedule: [],
      endpoints: [
        {
          url: 'http://app.test/webhooks/klarefi',
          handler: async (req) => {
            const body = await req.text();
            seen.push({
              url: req.url,
              event: constructEvent(body, req.headers.get('x-klarefi-signature')!, SECRET),
            });
            return Response.json({ received: true }, { headers: { 'x-app': 'yes' } });
          },
        },
      ],
    });
    const id = await testEvent(emulator);
    const d = await waitForAttempts(emulator, id, 1);
    expect(d.attempts[0]).toMatchObject({ status: 200, response_headers: { 'x-app': 'yes' } });
    expect(seen[0]?.url).toBe('http://app.test/webhooks/klarefi');
  });

  it('adds faults, endpoints and time over HTTP, same-origin only', async () => {
    const { emulator, receiver } = await start();
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${emulator.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const added = await post('/_emulator/faults', { match: 'webhook.test', duplicate: 'sequential' });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ labels: ['duplicate:sequential'] });
    expect((await post('/_emulator/faults', { duplicate: 'x' })).status).toBe(400);
    const crossSite = await post('/_emulator/faults', { reorder: true }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const id = await testEvent(emulator);
    expect((await waitForAttempts(emulator, id, 2)).attempts).toHaveLength(2);
    const moved = await post('/_emulator/clock/advance', { by: '2h' });
    expect(((await moved.json()) as { offset_ms: number }).offset_ms).toBe(7_200_000);
    const second = await startReceiver(SECRET);
    expect((await post('/_emulator/endpoints', { url: second.url })).status).toBe(201);
    await testEvent(emulator);
    await second.waitForCount(() => true, 1);
    await second.close();
    expect(receiver.received.length).toBeGreaterThanOrEqual(3);
  });
});

/** Resolves once delivery `id` has `count` attempts recorded (bounded by the test's timeout). */
function waitForAttempts(emu: RunningEmulator, id: string, count: number) {
  return new Promise<NonNullable<ReturnType<RunningEmulator['deliveries']['get']>>>((resolve) => {
    const check = () => {
      const d = emu.deliveries.get(id);
      if (d && d.attempts.length >= count) {
        stop();
        resolve(d);
      }
    };
    const stop = emu.deliveries.onAttempt(check);
    check();
  });
}
