import { once, EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CaseTypeDefinition,
  type Claim,
  createKlarefiHandler,
  createSignatureHeader,
  KlarefiClient,
} from '@klarefi/sdk';
import { KlarefiClaimError } from '@klarefi/sdk/claims';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_CASE_TYPES, type EmulatorOptions, sampleEvent, startEmulator } from '../src/index.js';
import { createSession, fillMotorClaim } from './helpers.js';

// claim() end to end: the emulator delivers, the SDK's own handler verifies and dispatches, and the
// handler's claim() reads the emulator's API through a real client whose case reads are counted.
const SECRET = 'whsec_claim_tests_0001';
const MOTOR = BUILT_IN_CASE_TYPES.find((ct) => ct.id === 'motor_claim')!;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((f) => f()));
});

interface Seen {
  name: string;
  body: Record<string, unknown>;
  claim?: Claim;
  error?: unknown;
  caseReads: number;
}

async function setup(options: EmulatorOptions & { caseTypes?: CaseTypeDefinition[]; ask?: string } = {}) {
  const seen: Seen[] = [];
  const arrived = new EventEmitter();
  let caseReads = 0;
  const record = async (name: string, event: unknown, claim: (id?: string) => Promise<Claim>) => {
    const before = caseReads;
    const entry: Seen = { name, body: event as Record<string, unknown>, caseReads: 0 };
    try {
      const read = () => (options.ask ? claim(options.ask as never) : claim());
      entry.claim = await read();
      await read(); // a second call in the same delivery reads nothing more
    } catch (error) {
      entry.error = error;
    }
    entry.caseReads = caseReads - before;
    seen.push(entry);
    arrived.emit('seen');
    if (entry.error) throw entry.error;
  };
  let handler: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 });
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = await handler(
      new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      }),
    );
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/klarefi`;
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  const { caseTypes: _ignored, ask: _ask, ...emulatorOptions } = options;
  const emu = await startEmulator({
    webhookSecret: SECRET,
    retrySchedule: [],
    endpoints: [{ url: appUrl, events: ['v1.case.completed', 'v1.case.needs_review'] }],
    ...emulatorOptions,
  });
  cleanups.unshift(() => emu.close());
  const client = new KlarefiClient({
    apiKey: emu.apiKey,
    baseUrl: emu.url,
    fetch: (input, init) => {
      if (init?.method === 'GET' && /\/cases\/[^/]+$/.test(new URL(String(input)).pathname)) caseReads++;
      return fetch(input, init);
    },
  });
  handler = createKlarefiHandler({
    client,
    webhookSecret: SECRET,
    startClaim: false,
    caseTypes: options.caseTypes ?? [MOTOR],
    on: {
      'case.completed': (event, { claim }) => record('case.completed', event, claim),
      'case.needs_review': (event, { claim }) => record('case.needs_review', event, claim),
    },
  });
  async function next(): Promise<Seen> {
    while (seen.length === 0) await once(arrived, 'seen');
    return seen.shift()!;
  }
  return { emu, appUrl, next };
}

describe('claim() against the emulator', () => {
  it('thin envelope: one GET /cases for the features and the case type, typed values', async () => {
    const { emu, next } = await setup({ thinBodies: true });
    const s = await createSession(emu);
    await fillMotorClaim(s.signed_url);
    const seen = await next();
    expect(seen.body.data).toEqual({ case_status: 'completed' });
    expect(seen.caseReads).toBe(1);
    expect(seen.claim).toMatchObject({
      caseId: s.session_id,
      caseTypeId: 'motor_claim',
      status: 'completed',
      complete: true,
      needsReview: [],
      values: {
        incident_date: '2023-02-03',
        incident_location: 'Stationsplein 1, Utrecht',
        license_plate: 'AB-123-C',
        damage_amount: { amount: 1234.56, currency: 'EUR' },
      },
    });
    expect(seen.claim?.features.incident_date?.evidence?.[0]?.quote).toBe('3 februari 2023');
  });

  it('features inline: reads the case only for its type, and not at all when the handler names it', async () => {
    const first = await setup();
    await fillMotorClaim((await createSession(first.emu)).signed_url);
    const inline = await first.next();
    expect(inline.body.data).toHaveProperty('features');
    expect(inline.caseReads).toBe(1);
    expect(inline.claim?.values.incident_date).toBe('2023-02-03');

    const named = await setup({ ask: 'motor_claim' });
    await fillMotorClaim((await createSession(named.emu)).signed_url);
    const seen = await named.next();
    expect(seen.caseReads).toBe(0);
    expect(seen.claim?.values.damage_amount).toEqual({ amount: 1234.56, currency: 'EUR' });
  });

  it('the legacy body, features inline, signed and posted like the old service did', async () => {
    const { emu, appUrl, next } = await setup();
    const s = await createSession(emu);
    await fillMotorClaim(s.signed_url);
    await next(); // the emulator's own v1 delivery
    const body = JSON.stringify(sampleEvent('case.completed', { legacy: true, caseId: s.session_id }));
    const res = await fetch(appUrl, {
      method: 'POST',
      headers: { 'x-klarefi-signature': createSignatureHeader({ payload: body, secrets: SECRET }) },
      body,
    });
    expect(res.status).toBe(200);
    const seen = await next();
    expect(seen.body).toHaveProperty('event', 'case.completed');
    expect(seen.caseReads).toBe(1);
    expect(seen.claim).toMatchObject({ caseTypeId: 'motor_claim', status: 'completed', complete: true });
  });

  it('a feature in review: listed in needsReview, absent from values, the claim not complete', async () => {
    const { emu, next } = await setup({ thinBodies: true });
    const s = await createSession(emu);
    await fillMotorClaim(s.signed_url, { step1: { license_plate: '???' } });
    const seen = await next();
    expect(seen.name).toBe('case.needs_review');
    expect(seen.claim).toMatchObject({
      complete: false,
      needsReview: ['license_plate'],
      status: 'needs_review',
    });
    expect(seen.claim?.values).not.toHaveProperty('license_plate');
    expect(seen.claim?.values.incident_date).toBe('2023-02-03');
  });

  it('a value of the wrong kind: one KlarefiClaimError naming each mismatch, and the delivery is retried', async () => {
    const drifted: CaseTypeDefinition = {
      ...MOTOR,
      questions: [
        ...MOTOR.questions.map((q) => (q.id === 'incident_location' ? { ...q, kind: 'amount' as const } : q)),
        { id: 'claim_reference', kind: 'text', label: MOTOR.name, required: true },
      ],
    };
    const { emu, next } = await setup({ caseTypes: [drifted] });
    const s = await createSession(emu);
    await fillMotorClaim(s.signed_url);
    const seen = await next();
    expect(seen.error).toBeInstanceOf(KlarefiClaimError);
    const error = seen.error as KlarefiClaimError;
    expect(error.mismatches).toEqual([
      {
        feature: 'incident_location',
        expected: 'an amount { amount: number, currency: "EUR" }',
        got: '"Stationsplein 1, Utrecht" (string)',
      },
      { feature: 'claim_reference', expected: 'a text (required)', got: 'nothing' },
    ]);
    expect(error.message).toContain(`Case ${s.session_id} does not match case type "motor_claim"`);
    const lastStatus = async () => {
      const { deliveries } = (await (await fetch(`${emu.url}/_emulator/deliveries`)).json()) as {
        deliveries: Array<{ event_type: string; attempts: Array<{ status: number | null }> }>;
      };
      return deliveries.find((d) => d.event_type === 'v1.case.completed')?.attempts.at(-1)?.status;
    };
    await expect.poll(lastStatus).toBe(500);
  });
});
