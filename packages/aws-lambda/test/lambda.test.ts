import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import { type DedupeStore, KlarefiConfigError, type WebhookOutcome } from '@klarefi/sdk';
import type {
  ALBResult,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
  Handler,
  SQSEvent,
} from 'aws-lambda';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { detectShape, type KlarefiLambdaHandler, klarefiLambda } from '../src/index.js';
import { eventFor, type Invoker } from './driver.js';
import { albEvent, lambdaContext, restEvent, v2Event } from './events.js';

const SECRET = 'whsec_lambda_test_secret_0123456789';
const base = { webhookSecret: SECRET, startClaim: false } as const;

function delivery(invoker: Invoker, encoding: 'plain' | 'base64' = 'base64') {
  const { body, headers } = signedDelivery(sampleEnvelope(), SECRET);
  return eventFor(invoker, { method: 'POST', path: '/webhooks/klarefi', headers, body, encoding });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('event shapes', () => {
  it('tells the invokers apart from their own payloads', () => {
    const get = { method: 'GET', path: '/start-claim' };
    expect(detectShape(restEvent(get))).toBe('rest');
    expect(detectShape(v2Event(get))).toBe('http');
    expect(detectShape(v2Event(get, true))).toBe('function-url');
    expect(detectShape(albEvent(get))).toBe('alb');
    expect(detectShape(albEvent(get, true))).toBe('alb');
  });

  it('refuses an event that is not an HTTP request, saying which triggers work', async () => {
    const handler = klarefiLambda(base);
    const sqs: SQSEvent = { Records: [] };
    await expect(handler(sqs as never, lambdaContext())).rejects.toThrow(
      /not an HTTP request from API Gateway, a Function URL or an ALB/,
    );
  });

  it('refuses another shape than the one configured, naming the shape it got', async () => {
    const handler = klarefiLambda({ ...base, eventShape: 'alb' });
    await expect(handler(delivery('http'), lambdaContext())).rejects.toThrow(
      'set to eventShape "alb" but received a "http" event',
    );
    const v2 = klarefiLambda({ ...base, eventShape: 'function-url' });
    expect((await v2(delivery('http'), lambdaContext())).statusCode).toBe(200);
  });

  it('refuses an unknown eventShape at start-up', () => {
    expect(() => klarefiLambda({ ...base, eventShape: 'sqs' as never })).toThrow(KlarefiConfigError);
    expect(() => klarefiLambda({ ...base, eventShape: 'sqs' as never })).toThrow(
      'klarefiLambda: eventShape must be one of "auto", "rest", "http", "function-url", "alb" (default "auto"), got a string.',
    );
  });

  it('answers an ALB in kind: a status line, and multi-value headers when the request had them', async () => {
    const single = await klarefiLambda(base)(delivery('alb'), lambdaContext());
    expect(single).toMatchObject({ statusCode: 200, statusDescription: '200 OK', isBase64Encoded: false });
    expect(single.headers?.['content-type']).toMatch(/json/);
    const multi = await klarefiLambda(base)(delivery('alb-multi-value'), lambdaContext());
    expect(multi.headers).toBeUndefined();
    expect(multi.multiValueHeaders?.['content-type']?.[0]).toMatch(/json/);
  });

  it('matches the routes behind a stage or base path, and answers 404 elsewhere', async () => {
    const handler = klarefiLambda(base);
    const staged = delivery('http') as APIGatewayProxyEventV2;
    expect(staged.rawPath).toBe('/prod/webhooks/klarefi');
    expect((await handler(staged, lambdaContext())).statusCode).toBe(200);
    const other = await handler(restEvent({ method: 'GET', path: '/health' }), lambdaContext());
    expect(other.statusCode).toBe(404);
  });

  it('reads a signature header sent in either case, single or multi-value', async () => {
    const { body, headers } = signedDelivery(sampleEnvelope(), SECRET);
    const event = restEvent({
      method: 'POST',
      path: '/webhooks/klarefi',
      headers: {
        'Content-Type': 'application/json',
        'X-Klarefi-Signature': headers['x-klarefi-signature'] as string,
      },
      body,
    });
    expect((await klarefiLambda(base)(event, lambdaContext())).statusCode).toBe(200);
  });

  it('hands handlers a header reader that ignores case on every event shape', async () => {
    const seen: unknown[] = [];
    const handler = klarefiLambda({
      ...base,
      onEvent: (_event, { request }) => void seen.push(request.header('Content-Type')),
    });
    for (const invoker of ['rest', 'http', 'function-url', 'alb', 'alb-multi-value'] as const) {
      await handler(delivery(invoker), lambdaContext());
    }
    expect(seen).toEqual(Array(5).fill('application/json'));
  });

  it('is a Lambda handler for each invoker in @types/aws-lambda', () => {
    type Result = ALBResult & APIGatewayProxyResult & APIGatewayProxyStructuredResultV2;
    expectTypeOf<KlarefiLambdaHandler>().toMatchTypeOf<
      Handler<ReturnType<typeof restEvent>, Partial<Result>>
    >();
    expectTypeOf(klarefiLambda(base)).parameter(0).toMatchTypeOf<object>();
  });
});

describe('once per container', () => {
  it('validates the options and builds the core when called, not per invocation', async () => {
    let reads = 0;
    const options = {
      startClaim: false as const,
      get webhookSecret() {
        reads += 1;
        return SECRET;
      },
    };
    const handler = klarefiLambda(options);
    const atStartUp = reads;
    for (let i = 0; i < 3; i++)
      expect((await handler(delivery('rest'), lambdaContext())).statusCode).toBe(200);
    expect(reads).toBe(atStartUp);
  });

  it('remembers deliveries across invocations of one container', async () => {
    const handler = klarefiLambda(base);
    const event = delivery('function-url');
    expect(JSON.parse((await handler(event, lambdaContext())).body)).toEqual({ received: true });
    expect(JSON.parse((await handler(event, lambdaContext())).body)).toEqual({
      received: true,
      duplicate: true,
    });
  });
});

/** A store that records each claim's TTL and can be made to hang. */
function recordingStore(hang = false): DedupeStore & { ttls: number[]; calls: number } {
  const store = {
    ttls: [] as number[],
    calls: 0,
    claim(_key: string, _token: string, ttlMs: number) {
      store.calls += 1;
      store.ttls.push(ttlMs);
      return hang ? new Promise<never>(() => {}) : ('claimed' as const);
    },
    complete: () => true,
    release: () => true,
  };
  return store;
}

describe("the function's remaining time", () => {
  it('bounds the claim TTL, as Powertools bounds its in-progress expiry', async () => {
    const dedupe = recordingStore();
    const handler = klarefiLambda({ ...base, webhook: { dedupe } });
    await handler(delivery('http'), lambdaContext(5_000));
    await handler(delivery('http'), lambdaContext(900_000));
    expect(dedupe.ttls[0]).toBeGreaterThan(4_000);
    expect(dedupe.ttls[0]).toBeLessThanOrEqual(5_000);
    expect(dedupe.ttls[1]).toBe(60_000);
  });

  it('fails closed with 503 when a store call would outlive the function', async () => {
    vi.useFakeTimers();
    const dedupe = recordingStore(true);
    const outcomes: WebhookOutcome[] = [];
    const handled = vi.fn();
    const handler = klarefiLambda({
      ...base,
      webhook: { dedupe, onOutcome: (o) => void outcomes.push(o) },
      onEvent: handled,
    });
    const pending = handler(delivery('rest'), lambdaContext(2_000));
    await vi.advanceTimersByTimeAsync(1_750);
    const result = await pending;
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body).error.code).toBe('dedupe_unavailable');
    expect(result.headers?.['retry-after']).toBeDefined();
    expect(handled).not.toHaveBeenCalled();
    expect(outcomes[0]).toMatchObject({ outcome: 'unavailable', code: 'dedupe_unavailable' });
    expect(String((outcomes[0]?.error as Error | undefined)?.message)).toContain('KlarefiTimeBudgetError');
  });

  it('does not call the store at all when too little time is left', async () => {
    const dedupe = recordingStore();
    const handler = klarefiLambda({ ...base, webhook: { dedupe } });
    const result = await handler(delivery('alb'), lambdaContext(100));
    expect(result.statusCode).toBe(503);
    expect(dedupe.calls).toBe(0);
  });

  it('stops creating the session in time to answer the 502 page', async () => {
    // An API that accepts the connection and never answers: only the time budget ends the wait.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const handler = klarefiLambda({
      apiKey: 'sk_test_lambda',
      baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      webhookSecret: SECRET,
      startClaim: { caseTypeId: 'motor_claim', timeoutMs: 60_000 },
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const result = await handler(restEvent({ method: 'GET', path: '/start-claim' }), lambdaContext(1_000));
      expect(result.statusCode).toBe(502);
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      logged.mockRestore();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  }, 5_000);
});
