import type { EventFor, KlarefiClient, KlarefiEventContext } from '@klarefi/sdk';
import type { Context, Middleware } from 'koa';
import { describe, expectTypeOf, it } from 'vitest';
import { type KlarefiKoaOptions, type KlarefiState, klarefi } from '../src/index.js';

describe('types', () => {
  it('returns Koa middleware that types ctx.state.klarefi', () => {
    expectTypeOf(klarefi).returns.toEqualTypeOf<Middleware<KlarefiState>>();
    expectTypeOf<KlarefiState['klarefi']>().toEqualTypeOf<KlarefiClient | null>();
  });

  it('hands the Koa context to session() and to event handlers, with per-event types', () => {
    type Session = NonNullable<Exclude<KlarefiKoaOptions['startClaim'], false>['session']>;
    expectTypeOf<Parameters<Session>[0]>().toEqualTypeOf<Context>();
    type OnCompleted = NonNullable<NonNullable<KlarefiKoaOptions['on']>['case.completed']>;
    expectTypeOf<Parameters<OnCompleted>[0]>().toEqualTypeOf<EventFor<'case.completed'>>();
    expectTypeOf<Parameters<OnCompleted>[1]>().toEqualTypeOf<KlarefiEventContext<Context>>();
  });

  it('refuses options of the wrong shape', () => {
    // @ts-expect-error startClaim must be an object or false
    const notBoolean: KlarefiKoaOptions = { webhookSecret: 'whsec_x', startClaim: true };
    // @ts-expect-error startClaim is required: say which
    const missing: KlarefiKoaOptions = { webhookSecret: 'whsec_x' };
    expectTypeOf([notBoolean, missing]).toBeArray();
  });
});
