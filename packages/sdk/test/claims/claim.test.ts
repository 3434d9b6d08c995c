import { describe, expect, it } from 'vitest';
import { createClaimReader } from '../../src/claims/claim.js';
import {
  caseTypeSchema,
  defineCaseType,
  KlarefiClaimError,
  readCaseTypes,
} from '../../src/entries/claims.js';
import { KlarefiConfigError } from '../../src/entries/index.js';
import { createDispatcher } from '../../src/entries/adapter.js';

const motor = defineCaseType({
  id: 'motor_claim',
  name: { en: 'Motor claim', nl: 'Autoschade' },
  questions: [
    { id: 'incident_date', kind: 'date', label: { en: 'Date', nl: 'Datum' }, required: true },
    { id: 'damage_amount', kind: 'amount', label: { en: 'Damage', nl: 'Schade' }, required: true },
    { id: 'policy_number', kind: 'text', label: { en: 'Policy', nl: 'Polis' } },
  ],
});
const types = new Map([[motor.id, motor]]);

const kept = (value: unknown) => ({
  decision: { decision: 'keep', selected_candidate_id: 'c2' },
  candidates: [
    { candidate_id: 'c1', value_normalized: 'not this one' },
    { candidate_id: 'c2', value_normalized: value },
  ],
});
const legacy = (features: Record<string, unknown>) => ({
  event: 'case.completed',
  case_id: 'case-1',
  org_id: 'org',
  timestamp: '2026-01-01T00:00:00Z',
  data: { features },
});

describe('claim() on a body that carries the features', () => {
  it('picks the selected candidate of each kept feature, checked, with no client needed', async () => {
    const claim = createClaimReader(
      legacy({
        incident_date: kept('2023-02-03'),
        damage_amount: kept({ amount: 1234.56, currency: 'EUR' }),
      }) as never,
      null,
      types,
    );
    const c = await claim('motor_claim');
    expect(c).toMatchObject({
      caseId: 'case-1',
      caseTypeId: 'motor_claim',
      status: 'completed',
      complete: true,
      needsReview: [],
      values: { incident_date: '2023-02-03', damage_amount: { amount: 1234.56, currency: 'EUR' } },
    });
    expect('policy_number' in c.values).toBe(false);
  });

  it('lists features in review and leaves them out of values, without calling them mismatches', async () => {
    const claim = createClaimReader(
      legacy({
        incident_date: kept('2023-02-03'),
        damage_amount: { decision: { decision: 'needs_review' }, candidates: [] },
      }) as never,
      null,
      types,
    );
    const c = await claim('motor_claim');
    expect(c.complete).toBe(false);
    expect(c.needsReview).toEqual(['damage_amount']);
    expect(c.values).toEqual({ incident_date: '2023-02-03' });
  });

  it('fails with one error naming every mismatch: feature, expected, got, case id', async () => {
    const claim = createClaimReader(
      legacy({ incident_date: kept(20230203), damage_amount: kept('1234') }) as never,
      null,
      new Map([
        [
          motor.id,
          {
            ...motor,
            questions: [
              ...motor.questions,
              { id: 'renamed', kind: 'text', label: motor.name, required: true },
            ],
          },
        ],
      ]) as never,
    );
    const error = await claim('motor_claim').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KlarefiClaimError);
    const e = error as KlarefiClaimError;
    expect(e.caseId).toBe('case-1');
    expect(e.mismatches.map((m) => m.feature)).toEqual(['incident_date', 'damage_amount', 'renamed']);
    expect(e.message).toContain('Case case-1 does not match case type "motor_claim" (3 mismatches)');
    expect(e.message).toContain('incident_date: expected a date "YYYY-MM-DD", got 20230203 (number)');
    expect(e.message).toContain('damage_amount: expected an amount');
    expect(e.message).toContain('renamed: expected a text (required), got nothing');
  });

  it('says what to configure when it must read the case and has no client', async () => {
    const claim = createClaimReader(legacy({}) as never, null, types);
    await expect(claim()).rejects.toThrow(KlarefiConfigError);
    await expect(claim()).rejects.toThrow(/must read case case-1 .*give the Klarefi options an apiKey/);
  });

  it('refuses events without a case and case types that are not configured', async () => {
    const test = { event_type: 'v1.webhook.test', data: {} };
    await expect(createClaimReader(test as never, null, types)()).rejects.toThrow(/needs a case event/);
    const other = createClaimReader(legacy({ a: kept('x') }) as never, null, types);
    await expect(other('travel_claim' as never)).rejects.toThrow(
      /"travel_claim", which is not in the caseTypes option \(motor_claim\)/,
    );
  });

  it('without case types, picks kept values untyped and unchecked', async () => {
    const claim = createClaimReader(legacy({ anything: kept(42) }) as never, null, null);
    expect((await claim('whatever' as never)).values).toEqual({ anything: 42 });
  });
});

describe('case types as configuration', () => {
  it('reads an array or { caseTypes } and names the bad field', () => {
    expect(readCaseTypes([motor], 'klarefi.config.json')).toHaveLength(1);
    expect(readCaseTypes({ caseTypes: [motor] }, 'klarefi.config.json')[0]?.id).toBe('motor_claim');
    expect(() => readCaseTypes({ types: [] }, 'klarefi.config.json')).toThrow(
      /klarefi.config.json must hold an array of case types or \{ "caseTypes": \[...\] \}/,
    );
    expect(() => readCaseTypes([motor, motor], 'cfg')).toThrow(/case type "motor_claim" is defined twice/);
  });

  it('checks the caseTypes option when the dispatcher is built, not per delivery', () => {
    expect(() => createDispatcher({ caseTypes: [{ ...motor, questions: [] }] })).toThrow(
      /caseTypes: caseTypes\[0\] \("motor_claim"\)\.questions must be a non-empty array/,
    );
  });

  it('exposes a Standard Schema per case type', async () => {
    const schema = caseTypeSchema(motor)['~standard'];
    expect(schema.vendor).toBe('klarefi');
    expect(
      await schema.validate({ incident_date: '2023-02-03', damage_amount: { amount: 1, currency: 'EUR' } }),
    ).toEqual({ value: { incident_date: '2023-02-03', damage_amount: { amount: 1, currency: 'EUR' } } });
    const result = await schema.validate({ incident_date: '3 Feb', extra: 1 });
    expect(result.issues?.map((i) => [i.path, i.message])).toEqual([
      [['incident_date'], 'motor_claim.incident_date: expected a date "YYYY-MM-DD", got "3 Feb" (string).'],
      [
        ['damage_amount'],
        'motor_claim.damage_amount: expected an amount { amount: number, currency: "EUR" } (required), got nothing.',
      ],
      [['extra'], 'motor_claim has no question "extra".'],
    ]);
  });
});
