import { describe, expect, expectTypeOf, it } from 'vitest';
import { caseTypeSchema, defineCaseType } from '../../src/entries/claims.js';
import {
  type CaseTypeId,
  type Claim,
  type ClaimOf,
  createKlarefiHandler,
  type Money,
} from '../../src/entries/index.js';
import './registered.js';

// These tests are proved by `tsc -p tsconfig.json` (the package's typecheck, part of `pnpm test`):
// every `@ts-expect-error` below fails the build if the line it marks ever compiles. The checks
// take a claim as a parameter: they are compiled, not run.

describe('claim() types from the registered case types', () => {
  it('narrows values by caseTypeId, and by complete', () => {
    const check = (claim: Claim) => {
      if (claim.caseTypeId === 'motor_claim') {
        expectTypeOf(claim.values.incident_date).toEqualTypeOf<string | undefined>();
        if (claim.complete) {
          expectTypeOf(claim.values.incident_date).toEqualTypeOf<string>();
          expectTypeOf(claim.values.damage_amount).toEqualTypeOf<Money>();
          expectTypeOf(claim.values.other_party_plate).toEqualTypeOf<string | undefined>();
          expectTypeOf(claim.needsReview).toEqualTypeOf<[]>();
        } else {
          expectTypeOf(claim.needsReview).toEqualTypeOf<
            Array<'incident_date' | 'damage_amount' | 'other_party_plate'>
          >();
        }
        // @ts-expect-error: not a question of motor_claim
        claim.values.no_such_question;
        if (claim.complete) {
          // @ts-expect-error: an amount is { amount, currency }, not a number
          const n: number = claim.values.damage_amount;
          void n;
        }
      }
    };
    expectTypeOf(check).toBeFunction();
  });

  it('refuses values of a case type that was not checked', () => {
    const check = (claim: Claim) => {
      // @ts-expect-error: without checking caseTypeId this may be a travel_claim
      claim.values.incident_date;
      expectTypeOf(claim.caseTypeId).toEqualTypeOf<'motor_claim' | 'travel_claim'>();
    };
    expectTypeOf(check).toBeFunction();
    expectTypeOf<CaseTypeId>().toEqualTypeOf<'motor_claim' | 'travel_claim'>();
  });

  it('types the handler context: claim() with no generics, claim(id) for one case type', () => {
    createKlarefiHandler({
      webhookSecret: 'whsec_x',
      startClaim: false,
      on: {
        'case.completed': async (_event, { claim }) => {
          const c = await claim();
          expectTypeOf(c).toEqualTypeOf<Claim>();
          const travel = await claim('travel_claim');
          expectTypeOf(travel).toEqualTypeOf<ClaimOf<'travel_claim'>>();
          if (travel.complete) expectTypeOf(travel.values.trip_start).toEqualTypeOf<string>();
          // @ts-expect-error: not a registered case type
          await claim('bicycle_claim');
        },
      },
    });
  });

  it('types a case type schema by its id', () => {
    const motor = defineCaseType({
      id: 'motor_claim',
      name: { en: 'Motor claim', nl: 'Autoschade' },
      questions: [{ id: 'incident_date', kind: 'date', label: { en: 'Date', nl: 'Datum' } }],
    });
    expectTypeOf(motor.questions[0].kind).toEqualTypeOf<'date'>();
    const schema = caseTypeSchema(motor);
    expectTypeOf(schema['~standard'].types).exclude<undefined>().toHaveProperty('output').toEqualTypeOf<{
      incident_date: string;
      damage_amount: Money;
      other_party_plate?: string | undefined;
    }>();
    const colour = { id: 'a', kind: 'colour', label: { en: 'A', nl: 'A' } } as const;
    expect(() =>
      // @ts-expect-error: a kind that does not exist fails to compile, and throws at run time
      defineCaseType({ id: 'x', name: { en: 'X', nl: 'X' }, questions: [colour] }),
    ).toThrow(/questions\[0\]\.kind must be one of text, date, amount/);
  });
});
