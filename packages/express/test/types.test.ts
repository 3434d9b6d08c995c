import type { EventFor, KlarefiClient, KlarefiEventContext } from '@klarefi/sdk';
import express, { type Request, type Router } from 'express';
import { describe, expectTypeOf, it } from 'vitest';
import { type KlarefiExpressOptions, klarefiRouter, rawBodySaver } from '../src/index.js';

describe('types', () => {
  it('returns an Express Router', () => {
    expectTypeOf(klarefiRouter).returns.toEqualTypeOf<Router>();
    expectTypeOf(klarefiRouter<never>)
      .parameter(0)
      .toEqualTypeOf<KlarefiExpressOptions>();
  });

  it('types req.klarefi on every Express request (undefined before the router)', () => {
    expectTypeOf<Request['klarefi']>().toEqualTypeOf<KlarefiClient | null | undefined>();
  });

  it('hands the Express request to session() and to event handlers, with per-event types', () => {
    type Session = NonNullable<Exclude<KlarefiExpressOptions['startClaim'], false>['session']>;
    expectTypeOf<Parameters<Session>[0]>().toEqualTypeOf<Request>();
    type OnCompleted = NonNullable<NonNullable<KlarefiExpressOptions['on']>['case.completed']>;
    expectTypeOf<Parameters<OnCompleted>[0]>().toEqualTypeOf<EventFor<'case.completed'>>();
    expectTypeOf<Parameters<OnCompleted>[1]>().toEqualTypeOf<KlarefiEventContext<Request>>();
    klarefiRouter({
      webhookSecret: 'whsec_x',
      startClaim: false,
      on: {
        'case.completed': (event, context) => {
          expectTypeOf(context.client).toEqualTypeOf<KlarefiClient | null>();
          expectTypeOf(context.request.get).toBeFunction();
          expectTypeOf(event).toEqualTypeOf<EventFor<'case.completed'>>();
        },
      },
    });
  });

  it('fits rawBodySaver into the verify option of the body parsers', () => {
    express.json({ verify: rawBodySaver });
    express.urlencoded({ extended: false, verify: rawBodySaver });
    expectTypeOf(rawBodySaver).toExtend<NonNullable<Parameters<typeof express.json>[0]>['verify']>();
  });

  it('refuses options of the wrong shape', () => {
    // @ts-expect-error startClaim must be an object or false
    const notBoolean: KlarefiExpressOptions = { webhookSecret: 'whsec_x', startClaim: true };
    // @ts-expect-error startClaim is required: say which
    const missing: KlarefiExpressOptions = { webhookSecret: 'whsec_x' };
    expectTypeOf([notBoolean, missing]).toBeArray();
  });
});
