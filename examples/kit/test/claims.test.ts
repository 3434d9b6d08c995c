// The store keeps what the handler context's claim() returns, for both bodies the emulator sends:
// the legacy-style one with features inline and the documented thin one (data: { case_status }).
import { type RunningEmulator, startEmulator } from '@klarefi/emulator';
import { createKlarefiHandler, KlarefiClient } from '@klarefi/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClaimStore, resultPage } from '../src/index.js';
import { submitClaim } from '../src/testing.js';

interface Receiver {
  emulator: RunningEmulator;
  store: ClaimStore;
  /** GET /cases/{id} requests the handler's client made, by case id. */
  caseReads: Map<string, number>;
}

async function startReceiver(thinBodies: boolean): Promise<Receiver> {
  const emulator = await startEmulator({ thinBodies, retrySchedule: [] });
  const store = new ClaimStore();
  const caseReads = new Map<string, number>();
  const countingFetch: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const id = /\/cases\/([^/]+)$/.exec(url.pathname)?.[1];
    if (id && (init?.method ?? 'GET') === 'GET') caseReads.set(id, (caseReads.get(id) ?? 0) + 1);
    return fetch(input, init);
  };
  const handler = createKlarefiHandler({
    client: new KlarefiClient({ apiKey: emulator.apiKey, baseUrl: emulator.url, fetch: countingFetch }),
    webhookSecret: emulator.webhookSecret,
    startClaim: false,
    onEvent: (event, { claim }) => store.record(event, claim),
  });
  emulator.addEndpoint({ url: 'http://kit.test/webhooks/klarefi', handler });
  return { emulator, store, caseReads };
}

/** The delivery of `type` for the case, once the receiver answered it. */
async function delivered(emulator: RunningEmulator, type: string, caseId: string) {
  return vi.waitFor(
    () => {
      const d = emulator.deliveries.list().find((x) => x.event_type === type && x.case_id === caseId);
      if (d?.status !== 'succeeded') throw new Error(`${type} for ${caseId} not delivered yet`);
      return d;
    },
    { timeout: 10_000, interval: 20 },
  );
}

describe.each([
  { shape: 'features inline', thin: false },
  { shape: 'thin (data: { case_status } only)', thin: true },
])('ClaimStore.record(event, claim) with the $shape body', ({ thin }) => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver(thin);
  });
  afterAll(() => receiver?.emulator.close());

  it('stores claim().values, the case type and the decisions, reading the case once', async () => {
    const { emulator, store, caseReads } = receiver;
    const caseId = await submitClaim(emulator, {
      incident_date: '3 februari 2023',
      damage_amount: '€ 1.234,56',
    });
    const delivery = await delivered(emulator, 'v1.case.completed', caseId);
    const data = JSON.parse(delivery.body).data;
    expect('features' in data).toBe(!thin);
    expect(data.case_status).toBe('completed');

    const record = store.get(caseId);
    expect(record).toMatchObject({
      status: 'case.completed',
      caseTypeId: 'motor_claim',
      needsReview: [],
      values: {
        incident_date: '2023-02-03',
        damage_amount: { amount: 1234.56, currency: 'EUR' },
        license_plate: 'AB-123-C',
      },
    });
    expect(Object.values(record?.decisions ?? {}).every((d) => d === 'keep')).toBe(true);
    expect(Object.keys(record?.decisions ?? {})).toContain('incident_date');
    // Neither body names the case type, so claim() reads the case: once, however many events.
    expect(caseReads.get(caseId)).toBe(1);

    const page = resultPage(store, caseId);
    expect(page).toContain('<p id="case-type">Case type: <code>motor_claim</code></p>');
    expect(page).toMatch(
      /<tr data-feature="incident_date"><th>incident_<wbr>date<\/th><td class="value">2023-02-03<\/td><td>keep<\/td><\/tr>/,
    );
    expect(page).toContain('EUR 1,234.56');
    expect(page).not.toContain('id="needs-review"');
  });

  it('lists a feature in review without a value, and says so on the page', async () => {
    const { emulator, store, caseReads } = receiver;
    // A plate without a digit cannot be normalised: the emulator sends that feature to review.
    const caseId = await submitClaim(emulator, { license_plate: 'NOPLATE' });
    await delivered(emulator, 'v1.case.needs_review', caseId);
    const record = store.get(caseId);
    expect(record).toMatchObject({ status: 'case.needs_review', caseTypeId: 'motor_claim' });
    expect(record?.needsReview).toEqual(['license_plate']);
    expect(record?.values).not.toHaveProperty('license_plate');
    expect(record?.values).toMatchObject({ incident_date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    expect(record?.decisions.license_plate).toBe('needs_review');
    expect(caseReads.get(caseId)).toBe(1);

    const page = resultPage(store, caseId);
    expect(page).toContain('data-status="case.needs_review"');
    expect(page).toMatch(
      /<tr data-feature="license_plate" data-review="true"><th>license_<wbr>plate<\/th><td class="value"><em class="review">awaiting review<\/em><\/td><td>needs_<wbr>review<\/td><\/tr>/,
    );
    expect(page).toContain('1 field awaits review by a member of staff');
    expect(resultPage(store, caseId, 'nl')).toContain('1 veld wordt door een medewerker beoordeeld');
  });
});

describe('ClaimStore.record when claim() fails', () => {
  it('rejects (the delivery answers 500 and is sent again) and records nothing', async () => {
    const store = new ClaimStore();
    const failure = new Error('Klarefi is unreachable');
    const event = { event_type: 'v1.case.completed', delivery_id: 'whd_1', case_id: 'case_x', data: {} };
    await expect(store.record(event as never, (() => Promise.reject(failure)) as never)).rejects.toBe(
      failure,
    );
    expect(store.get('case_x')).toBeUndefined();
  });
});
