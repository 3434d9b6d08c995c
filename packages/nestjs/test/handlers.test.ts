import { sampleEnvelope, sampleLegacyEvent, signedDelivery } from '@klarefi/conformance';
import { KlarefiConfigError } from '@klarefi/sdk';
import { Inject, Injectable, type INestApplication, Scope } from '@nestjs/common';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type KlarefiEvent,
  type KlarefiEventContext,
  type KlarefiEventFor,
  KlarefiModule,
  OnKlarefiEvent,
} from '../src/index.js';
import { PLATFORMS, send, startApp } from './helpers.js';

const SECRET = 'whsec_handlers_test';

/** Records, in order, which handler saw which event. */
@Injectable()
class Journal {
  readonly entries: Array<{ who: string; name: string; event: KlarefiEvent; context: KlarefiEventContext }> =
    [];
  /** When set, the handler of that name throws once. */
  failOnce: string | undefined;
  add(who: string, event: KlarefiEvent, context: KlarefiEventContext): void {
    if (this.failOnce === who) {
      this.failOnce = undefined;
      throw new Error(`${who} failed on purpose`);
    }
    this.entries.push({ who, name: context.name, event, context });
  }
}

@Injectable()
class ClaimsService {
  constructor(@Inject(Journal) private readonly journal: Journal) {}

  @OnKlarefiEvent('case.completed')
  async completed(event: KlarefiEventFor<'case.completed'>, context: KlarefiEventContext) {
    await Promise.resolve();
    this.journal.add('claims.completed', event, context);
  }

  @OnKlarefiEvent('v1.case.failed')
  @OnKlarefiEvent('case.needs_review')
  attention(event: KlarefiEvent, context: KlarefiEventContext) {
    this.journal.add('claims.attention', event, context);
  }
}

@Injectable()
class AuditService {
  constructor(@Inject(Journal) private readonly journal: Journal) {}

  @OnKlarefiEvent()
  everything(event: KlarefiEvent, context: KlarefiEventContext) {
    this.journal.add('audit.all', event, context);
  }
}

@Injectable({ scope: Scope.REQUEST })
class PerRequestHandlers {
  @OnKlarefiEvent('case.completed')
  completed() {}
}

let app: INestApplication | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe.each(PLATFORMS)('@OnKlarefiEvent() on %s', (platform) => {
  async function start(): Promise<{ nest: INestApplication; journal: Journal }> {
    const journal = new Journal();
    const nest = await startApp(platform, {
      imports: [
        KlarefiModule.forRoot({
          webhookSecret: SECRET,
          startClaim: false,
          on: { 'case.completed': (event, context) => journal.add('options.on', event, context) },
          onEvent: (event, context) => journal.add('options.onEvent', event, context),
        }),
      ],
      providers: [{ provide: Journal, useValue: journal }, ClaimsService, AuditService],
    });
    app = nest;
    return { nest, journal };
  }
  const deliver = (nest: INestApplication, event: object) =>
    send(nest, { method: 'POST', path: '/webhooks/klarefi', ...signedDelivery(event, SECRET) });

  it('runs the options on handler, the discovered handler, onEvent, then the discovered catch-all', async () => {
    const { nest, journal } = await start();
    const event = sampleEnvelope('v1.case.completed');
    const res = await deliver(nest, event);
    expect(res.status).toBe(200);
    expect(journal.entries.map((e) => e.who)).toEqual([
      'options.on',
      'claims.completed',
      'options.onEvent',
      'audit.all',
    ]);
    const discovered = journal.entries[1]!;
    expect(discovered.event).toEqual(event);
    expect(discovered.context).toMatchObject({ name: 'case.completed', deliveryId: event.delivery_id });
    expect(
      (discovered.context.request as { headers: Record<string, string> }).headers['x-klarefi-signature'],
    ).toBeTypeOf('string');
  });

  it("gives the legacy { event: 'case.completed' } body to the same method", async () => {
    const { nest, journal } = await start();
    expect((await deliver(nest, sampleLegacyEvent())).status).toBe(200);
    expect(journal.entries.map((e) => e.who)).toContain('claims.completed');
  });

  it('runs a method with stacked decorators for each of its events (a v1. prefix is optional)', async () => {
    const { nest, journal } = await start();
    await deliver(nest, sampleEnvelope('v1.case.failed'));
    await deliver(nest, sampleEnvelope('v1.case.needs_review'));
    expect(journal.entries.filter((e) => e.who === 'claims.attention').map((e) => e.name)).toEqual([
      'case.failed',
      'case.needs_review',
    ]);
  });

  it('hands events no one names to the catch-alls only', async () => {
    const { nest, journal } = await start();
    await deliver(nest, sampleEnvelope('v1.something.new'));
    expect(journal.entries.map((e) => e.who)).toEqual(['options.onEvent', 'audit.all']);
  });

  it('answers 500 when a discovered handler throws, and runs it again when the delivery is retried', async () => {
    const { nest, journal } = await start();
    journal.failOnce = 'claims.completed';
    const event = sampleEnvelope('v1.case.completed');
    const failed = await deliver(nest, event);
    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.body)).toEqual({
      error: {
        code: 'handler_failed',
        message: 'The handler for "case.completed" failed; the delivery will be retried.',
      },
    });
    // The handlers after the failing one did not run.
    expect(journal.entries.map((e) => e.who)).toEqual(['options.on']);

    const retried = await deliver(nest, event);
    expect(retried.status).toBe(200);
    expect(journal.entries.map((e) => e.who)).toEqual([
      'options.on',
      'options.on',
      'claims.completed',
      'options.onEvent',
      'audit.all',
    ]);
    // A third copy is a duplicate: acknowledged, no handler runs.
    const duplicate = await deliver(nest, event);
    expect(JSON.parse(duplicate.body)).toEqual({ received: true, duplicate: true });
    expect(journal.entries).toHaveLength(5);
  });

  it('answers 500 when the catch-all throws, too', async () => {
    const { nest, journal } = await start();
    journal.failOnce = 'audit.all';
    expect((await deliver(nest, sampleEnvelope('v1.case.processing'))).status).toBe(500);
  });
});

describe('@OnKlarefiEvent() discovery', () => {
  it('refuses a handler on a request-scoped provider at start-up', async () => {
    const starting = startApp('express', {
      imports: [KlarefiModule.forRoot({ webhookSecret: SECRET, startClaim: false })],
      providers: [PerRequestHandlers],
    });
    await expect(starting).rejects.toThrow(KlarefiConfigError);
    await expect(starting).rejects.toThrow(/PerRequestHandlers, a request-scoped or transient provider/);
  });

  it('runs the handlers of a provider once when an alias (useExisting) also names it', async () => {
    const journal = new Journal();
    app = await startApp('express', {
      imports: [KlarefiModule.forRoot({ webhookSecret: SECRET, startClaim: false })],
      providers: [
        { provide: Journal, useValue: journal },
        AuditService,
        { provide: 'AUDIT', useExisting: AuditService },
      ],
    });
    await send(app, {
      method: 'POST',
      path: '/webhooks/klarefi',
      ...signedDelivery(sampleEnvelope(), SECRET),
    });
    expect(journal.entries.map((e) => e.who)).toEqual(['audit.all']);
  });

  it('finds handlers on a provider built by a factory', async () => {
    const journal = new Journal();
    app = await startApp('express', {
      imports: [KlarefiModule.forRoot({ webhookSecret: SECRET, startClaim: false })],
      providers: [{ provide: 'AUDIT', useFactory: () => new AuditService(journal) }],
    });
    await send(app, {
      method: 'POST',
      path: '/webhooks/klarefi',
      ...signedDelivery(sampleEnvelope(), SECRET),
    });
    expect(journal.entries.map((e) => e.who)).toEqual(['audit.all']);
  });
});
