import type { ClaimReader } from '@klarefi/sdk';
import { describe, expect, it } from 'vitest';
import {
  ClaimStore,
  claimsPage,
  exampleConfig,
  formatTimestamp,
  formatValue,
  homePage,
  KLAREFI_DEV_DEFAULTS,
  pageLanguage,
  resultPage,
  returnUrl,
} from '../src/index.js';

const completed = {
  event_type: 'v1.case.completed',
  semantic_event_type: 'case.completed',
  delivery_id: 'whd_1',
  case_id: 'case_1',
  data: {
    case_status: 'completed',
    features: {
      incident_date: {
        decision: { decision: 'keep', selected_candidate_id: 'c1' },
        candidates: [{ candidate_id: 'c1', value_raw: '3 februari 2023', value_normalized: '2023-02-03' }],
      },
      damage_amount: {
        decision: { decision: 'keep' },
        candidates: [{ value_normalized: { amount: 1234.5, currency: 'EUR' } }],
      },
    },
  },
};

// What the handler context's claim() returns for `completed` (the emulator-backed tests in
// claims.test.ts build it from real deliveries; these tests are about the pages and the ordering).
const claim = (async () => ({
  caseId: 'case_1',
  caseTypeId: 'motor_claim',
  status: 'completed',
  features: completed.data.features,
  values: { incident_date: '2023-02-03', damage_amount: { amount: 1234.5, currency: 'EUR' } },
  needsReview: [],
  complete: true,
})) as unknown as ClaimReader;

describe('example kit', () => {
  it('defaults to the values klarefi dev prints and reads the environment', () => {
    expect(exampleConfig({})).toMatchObject({
      port: 3000,
      ...KLAREFI_DEV_DEFAULTS,
      caseTypeId: 'motor_claim',
    });
    expect(
      exampleConfig({ PORT: '8080', KLAREFI_API_KEY: 'sk_test_x', PUBLIC_URL: 'https://a.example/' }),
    ).toMatchObject({
      port: 8080,
      apiKey: 'sk_test_x',
      publicUrl: 'https://a.example',
    });
    expect(() => exampleConfig({ PORT: 'eighty' })).toThrow(/PORT must be a port number/);
  });

  it('builds the return url from PUBLIC_URL or the Host header', () => {
    expect(returnUrl(exampleConfig({}), 'localhost:3000')).toBe('http://localhost:3000/claims/result');
    expect(returnUrl(exampleConfig({ PUBLIC_URL: 'https://x.test' }), 'evil.test')).toBe(
      'https://x.test/claims/result',
    );
  });

  it('shows waiting, then the verified event and its claim values, escaping what it prints', async () => {
    const store = new ClaimStore();
    expect(homePage()).toContain('href="/start-claim"');
    expect(resultPage(store, 'case_1')).toContain('data-status="waiting"');
    await store.record(
      { ...completed, event_type: 'v1.case.processing', semantic_event_type: 'case.processing' } as never,
      claim,
    );
    // The claimant's waiting page names no ids and no event types.
    const waiting = resultPage(store, 'case_1');
    expect(waiting).toContain('Your claim is being processed.');
    expect(waiting).not.toContain('case_1');
    expect(waiting).not.toContain('case.processing');
    await store.record(completed as never, claim);
    const page = resultPage(store, 'case_1');
    expect(page).toContain('data-status="case.completed"');
    // The proof the demo is about is on the page, not folded away.
    expect(page).toMatch(
      /<p id="verified"[^>]*>For developers: Verified webhook case\.completed, delivery whd_1\.<\/p>/,
    );
    expect(page).not.toContain('<details');
    expect(page).toContain('2023-02-03');
    expect(page).toContain('EUR 1,234.50');
    expect(resultPage(store, '<script>')).not.toContain('<script>');
    expect(claimsPage(store)).toContain('case_1');
    expect(page).toContain('<code>motor_claim</code>');
    expect(await store.record({ event: 'x' } as never, claim)).toBeUndefined();
  });

  it('keeps the furthest stage when deliveries arrive out of order', async () => {
    const store = new ClaimStore();
    const as = (type: string, delivery: string) =>
      ({
        ...completed,
        event_type: `v1.${type}`,
        semantic_event_type: type,
        delivery_id: delivery,
        data: {},
      }) as never;
    await store.record(completed as never, claim);
    await store.record(as('case.processing', 'whd_2'), claim);
    await store.record(as('intake.submitted', 'whd_3'), claim);
    await store.record(as('webhook.test', 'whd_4'), claim);
    const record = store.get('case_1');
    expect(record).toMatchObject({ status: 'case.completed', deliveryId: 'whd_1' });
    expect(record?.events).toEqual(['case.completed', 'case.processing', 'intake.submitted', 'webhook.test']);
    expect(resultPage(store, 'case_1')).toContain('2023-02-03');
    await store.record(as('review.completed', 'whd_5'), claim);
    expect(store.get('case_1')).toMatchObject({ status: 'review.completed', deliveryId: 'whd_5' });
    expect(resultPage(store, 'case_1')).toContain('data-status="review.completed"');
    expect(store.get('case_1')?.values).toEqual({
      incident_date: '2023-02-03',
      damage_amount: { amount: 1234.5, currency: 'EUR' },
    });
    expect(store.get('case_1')?.decisions).toEqual({ incident_date: 'keep', damage_amount: 'keep' });

    const fresh = new ClaimStore();
    await fresh.record(as('webhook.test', 'whd_6'), claim);
    expect(fresh.get('case_1')?.status).toBe('webhook.test');
    await fresh.record(as('intake.session_created', 'whd_7'), claim);
    expect(fresh.get('case_1')?.status).toBe('intake.session_created');
  });

  it('speaks KLAREFI_LOCALE’s language and writes timestamps as dates', async () => {
    expect(pageLanguage('nl-NL')).toBe('nl');
    expect(pageLanguage('nl_BE')).toBe('nl');
    expect(pageLanguage('en-GB')).toBe('en');
    expect(pageLanguage(undefined)).toBe('en');
    expect(pageLanguage('de')).toBe('en');
    const store = new ClaimStore();
    expect(homePage('nl')).toContain('<html lang="nl">');
    expect(homePage('nl')).toContain('>Claim starten</a>');
    expect(homePage()).toContain('<html lang="en">');
    expect(resultPage(store, 'case_1', 'nl')).toContain('Bedankt, uw claim is ingediend');
    await store.record(completed as never, claim);
    const nl = resultPage(store, 'case_1', 'nl');
    expect(nl).toContain('uw claim is verwerkt.');
    expect(nl).toContain('EUR 1.234,50');
    expect(formatTimestamp('2026-12-01T07:53:36.123Z', 'en')).toBe('1 Dec 2026, 07:53 UTC');
    expect(formatTimestamp('2026-12-01T07:53:36.123Z', 'nl')).toBe('1 dec 2026, 07:53 UTC');
    expect(formatTimestamp('not a date', 'en')).toBe('not a date');
    const claims = claimsPage(store, 'nl');
    expect(claims).toMatch(
      /<time datetime="\d{4}-\d\d-\d\dT[^"]+">\d{1,2} \w{3} \d{4}, \d\d:\d\d UTC<\/time>/,
    );
    expect(claims).toContain('<th>Ontvangen</th>');
    expect(formatValue({ amount: 1250, currency: 'EUR' }, 'en')).toBe('EUR 1,250.00');
    expect(formatValue('2025-02-03', 'nl')).toBe('2025-02-03');
  });
});
