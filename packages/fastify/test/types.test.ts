import type { EventFor, KlarefiClient } from '@klarefi/sdk';
import Fastify, { type FastifyPluginAsync, type FastifyRequest } from 'fastify';
import { describe, expectTypeOf, it } from 'vitest';
import klarefi, { type KlarefiFastifyOptions, klarefi as named } from '../src/index.js';

// Checked by `tsc -p tsconfig.json` (the package's typecheck script); vitest only runs the bodies.
describe('public types', () => {
  it('exports one plugin, default and named, typed with its options', () => {
    expectTypeOf(named).toEqualTypeOf(klarefi);
    expectTypeOf(klarefi).toEqualTypeOf<FastifyPluginAsync<KlarefiFastifyOptions>>();
  });

  it('types app.klarefi through module augmentation, on every instance', async () => {
    const app = Fastify();
    expectTypeOf(app.klarefi).toEqualTypeOf<KlarefiClient | null>();
    app.get('/', async (request) => {
      expectTypeOf(request.server.klarefi).toEqualTypeOf<KlarefiClient | null>();
      return null;
    });
    await app.close();
  });

  it('types the options: the request is a FastifyRequest, events by name, prefix a string', async () => {
    expectTypeOf<KlarefiFastifyOptions['prefix']>().toEqualTypeOf<string | undefined>();
    type Session = NonNullable<Exclude<KlarefiFastifyOptions['startClaim'], false>['session']>;
    expectTypeOf<Parameters<Session>[0]>().toEqualTypeOf<FastifyRequest>();

    const app = Fastify();
    app.register(klarefi, {
      apiKey: 'sk_test_types',
      webhookSecret: 'whsec_types',
      prefix: '/klarefi',
      startClaim: { caseTypeId: 'motor_claim', session: (request) => ({ trace_id: request.id }) },
      on: {
        'case.completed': (event, context) => {
          expectTypeOf(event).toEqualTypeOf<EventFor<'case.completed'>>();
          expectTypeOf(context.request).toEqualTypeOf<FastifyRequest>();
        },
      },
      onEvent: (_event, context) => {
        expectTypeOf(context.client).toEqualTypeOf<KlarefiClient | null>();
      },
    });
    // @ts-expect-error startClaim is required: a route config or false
    app.register(klarefi, { webhookSecret: 'whsec_types' });
    // @ts-expect-error prefix is a string
    app.register(klarefi, { webhookSecret: 'whsec_types', startClaim: false, prefix: 1 });
    await app.close().catch(() => undefined);
  });
});
