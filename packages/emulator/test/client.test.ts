import { KlarefiAuthenticationError, KlarefiClient, KlarefiValidationError } from '@klarefi/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { fillMotorClaim, type Receiver, startReceiver } from './helpers.js';

const SECRET = 'whsec_client_tests_00042';
let emu: RunningEmulator;
let receiver: Receiver;
let client: KlarefiClient;

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  emu = await startEmulator({ webhookSecret: SECRET, endpoints: [{ url: receiver.url }] });
  client = new KlarefiClient({ apiKey: emu.apiKey, baseUrl: emu.url, maxRetries: 0 });
});
afterAll(async () => {
  await emu.close();
  await receiver.close();
});

describe('the SDK client against the emulator', () => {
  it('creates a session, replays it with the same key, and reads the case, events and package', async () => {
    const params = { case_type_id: 'motor_claim', ttl_hours: 24, locale: 'nl', external_case_id: 'CLM-sdk' };
    const session = await client.createSession(params, { idempotencyKey: 'sdk-1' });
    expect(session.idempotent_replay).toBe(false);
    expect(session.signed_url.startsWith(`${emu.url}/s/${session.session_id}?token=`)).toBe(true);
    const replay = await client.createSession(params, { idempotencyKey: 'sdk-1' });
    expect(replay).toEqual({ ...session, idempotent_replay: true });

    await fillMotorClaim(session.signed_url);
    const c = await client.getCase(session.session_id);
    expect(c.status).toBe('completed');
    expect(c.features.incident_date?.candidates[0]?.value_normalized).toBe('2023-02-03');
    const page = await client.getCaseEvents(session.session_id, { after_cursor: 0 });
    expect(page.events.map((e) => e.event_type).at(-1)).toBe('v1.case.completed');
    const all = [];
    for await (const e of client.listAllCaseEvents(session.session_id)) all.push(e.cursor);
    expect(all).toEqual([1, 2, 3, 4]);
    const pkg = await client.getCasePackage(session.session_id);
    expect(pkg.facts).toHaveProperty('license_plate');
  });

  it('reads /me and /health, sends a test webhook and acknowledges its delivery', async () => {
    expect(await client.getMe()).toMatchObject({ org_id: 'org_emulator', environment: 'test' });
    expect(await client.getHealth()).toMatchObject({ status: 'ok' });
    const test = await client.sendTestWebhook();
    expect(test.event_type).toBe('v1.webhook.test');
    const event = await receiver.waitFor((e) => e.event_type === 'v1.webhook.test');
    const ack = await client.acknowledgeDelivery(event.delivery_id as string, {
      acknowledgement_id: 'ack-sdk',
    });
    expect(ack).toMatchObject({ delivery_id: event.delivery_id, acknowledgement_id: 'ack-sdk' });
  });

  it('surfaces the emulator’s errors as the SDK’s typed errors', async () => {
    await expect(client.createSession({ case_type_id: 'boat_claim' })).rejects.toBeInstanceOf(
      KlarefiValidationError,
    );
    const wrong = new KlarefiClient({ apiKey: 'sk_test_not_the_key', baseUrl: emu.url, maxRetries: 0 });
    const error = await wrong.getMe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KlarefiAuthenticationError);
    expect((error as { requestId?: string }).requestId).toMatch(/^req_/);
  });
});
