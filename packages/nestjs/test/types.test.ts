import { type DynamicModule, SetMetadata } from '@nestjs/common';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type EventFor,
  InjectKlarefi,
  type KlarefiEvent,
  type KlarefiEventContext,
  type KlarefiEventFor,
  KlarefiModule,
  type KlarefiModuleOptions,
  type KlarefiOptionsFactory,
  OnKlarefiEvent,
} from '../src/index.js';

describe('public types', () => {
  it('types the module options and both forRoot forms', () => {
    expectTypeOf(KlarefiModule.forRoot).returns.toEqualTypeOf<DynamicModule>();
    expectTypeOf<KlarefiModuleOptions>().toHaveProperty('webhookSecret');
    const base = { webhookSecret: 'whsec_x', startClaim: false as const };
    KlarefiModule.forRoot({ ...base, isGlobal: true });
    KlarefiModule.forRootAsync({ isGlobal: true, useFactory: async () => base });
    KlarefiModule.forRootAsync({ useFactory: (key: string) => ({ ...base, apiKey: key }), inject: ['KEY'] });
    class Factory implements KlarefiOptionsFactory {
      createKlarefiOptions() {
        return base;
      }
    }
    KlarefiModule.forRootAsync({ useClass: Factory });
    // @ts-expect-error startClaim must say which: options or false
    KlarefiModule.forRoot({ webhookSecret: 'whsec_x' });
    // @ts-expect-error isGlobal is a boolean
    KlarefiModule.forRoot({ ...base, isGlobal: 'yes' });
    KlarefiModule.forRoot({ ...base, decorators: [SetMetadata('isPublic', true)] });
    KlarefiModule.forRootAsync({ decorators: [SetMetadata('isPublic', true)], useFactory: () => base });
    // Not called: the module refuses it at run time too (decorators.test.ts).
    // @ts-expect-error decorators are decorators, not names
    const _refused = () => KlarefiModule.forRoot({ ...base, decorators: ['public'] });
    // @ts-expect-error the factory must return the options
    KlarefiModule.forRootAsync({ useFactory: () => ({ apiKey: 'sk_test_x' }) });
  });

  it('types the handlers of the options per event', () => {
    KlarefiModule.forRoot({
      webhookSecret: 'whsec_x',
      startClaim: { caseTypeId: 'motor_claim', session: (req) => ({ external_applicant_id: req.user?.id }) },
      on: {
        'case.completed': (event) => {
          expectTypeOf(event).toEqualTypeOf<EventFor<'case.completed'>>();
        },
      },
    });
  });

  it('InjectKlarefi() decorates constructor parameters and properties', () => {
    expectTypeOf(InjectKlarefi()).toMatchTypeOf<ParameterDecorator>();
    expectTypeOf(InjectKlarefi()).toMatchTypeOf<PropertyDecorator>();
  });

  it('@OnKlarefiEvent() checks the method against the event it names', () => {
    expectTypeOf<KlarefiEventFor<'case.completed'>>().toEqualTypeOf<EventFor<'case.completed'>>();
    expectTypeOf<KlarefiEventFor<'*'>>().toEqualTypeOf<KlarefiEvent>();

    class Handlers {
      @OnKlarefiEvent('case.completed')
      completed(_event: EventFor<'case.completed'>, _context: KlarefiEventContext) {}

      @OnKlarefiEvent('case.completed')
      anyEvent(_event: KlarefiEvent) {}

      @OnKlarefiEvent()
      catchAll(_event: KlarefiEvent) {}

      @OnKlarefiEvent('case.completed')
      noArguments() {}

      // @ts-expect-error a case.failed handler cannot take only case.completed events
      @OnKlarefiEvent('case.failed')
      wrongEvent(_event: EventFor<'case.completed'>) {}

      // @ts-expect-error the second parameter is the context, not a string
      @OnKlarefiEvent('case.completed')
      wrongContext(_event: KlarefiEvent, _context: string) {}
    }
    expectTypeOf(Handlers).toBeConstructibleWith();
  });
});
