import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  createKlarefiHandler,
  generateTestHeader,
  KlarefiClient,
  KlarefiConfigError,
  type KlarefiOptions,
  type WebhookOutcome,
} from '@klarefi/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DELIVERIES_METRIC, DURATION_METRIC, instrumentClient, instrumentKlarefi } from '../src/index.js';

const SECRET = 'whsec_opentelemetry_test_secret';
const API_KEY = 'sk_test_opentelemetry_key_0001';
const BODY_MARKER = 'claimant-quote-5521';

class TestReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const reader = new TestReader();
const meterProvider = new MeterProvider({ readers: [reader] });
const contextManager = new AsyncLocalStorageContextManager();

let api: Server;
let apiUrl: string;
beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  // A real API stand-in: one session, and a 404 with a request id for anything else.
  api = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.method === 'POST' && req.url === '/api/v1/sessions') {
      res.statusCode = 201;
      res.end(
        JSON.stringify({
          session_id: '7d0c1f9e-0000-4000-8000-000000000001',
          signed_url: 'https://app.klarefi.test/s/1?token=t',
          expires_at: '2026-12-08T00:00:00Z',
          snippet: '',
          idempotent_replay: false,
        }),
      );
      return;
    }
    res.statusCode = 404;
    res.setHeader('x-request-id', 'req_404');
    res.end(
      JSON.stringify({
        error: { type: 'not_found', code: 'case_not_found', message: 'No such case', request_id: 'req_404' },
      }),
    );
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(async () => {
  contextManager.disable();
  await new Promise((resolve) => api.close(resolve));
});
beforeEach(async () => {
  exporter.reset();
  await reader.collect(); // drops what earlier tests recorded (cumulative points stay; see counts())
});

async function counts(): Promise<Map<string, number>> {
  const { resourceMetrics } = await reader.collect();
  const out = new Map<string, number>();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (const point of metric.dataPoints) {
        const key = `${metric.descriptor.name}|${point.attributes['klarefi.webhook.outcome']}|${point.attributes['klarefi.webhook.code'] ?? ''}`;
        const value = point.value as number | { count: number };
        out.set(key, typeof value === 'number' ? value : value.count);
      }
    }
  }
  return out;
}

function deliveryFor(deliveryId: string, header?: string) {
  const body = JSON.stringify({
    event_type: 'v1.case.completed',
    delivery_id: deliveryId,
    note: BODY_MARKER,
  });
  return new Request('http://localhost/webhooks/klarefi', {
    method: 'POST',
    headers: { 'x-klarefi-signature': header ?? generateTestHeader({ payload: body, secret: SECRET }) },
    body,
  });
}

describe('instrumentKlarefi', () => {
  const seen: { active: string | undefined; child: string }[] = [];
  const userOutcomes: WebhookOutcome[] = [];
  let fail = false;
  const appTracer = tracerProvider.getTracer('app');
  const options: KlarefiOptions<Request> = {
    webhookSecret: SECRET,
    startClaim: false,
    on: {
      'case.completed': async () => {
        const active = trace.getActiveSpan()?.spanContext().spanId;
        await appTracer.startActiveSpan('save-claim', async (child) => {
          seen.push({ active, child: child.spanContext().spanId });
          child.end();
        });
        if (fail) throw new Error(`database down ${BODY_MARKER}`);
      },
    },
    webhook: { onOutcome: (outcome) => userOutcomes.push(outcome) },
  };
  const handler = createKlarefiHandler(instrumentKlarefi(options, { tracerProvider, meterProvider }));

  it('gives each delivery a klarefi.webhook span that the handler runs inside', async () => {
    expect((await handler(deliveryFor('whd_otel_1'))).status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const webhook = spans.find((s) => s.name === 'klarefi.webhook')!;
    const child = spans.find((s) => s.name === 'save-claim')!;
    expect(seen.at(-1)?.active).toBe(webhook.spanContext().spanId);
    expect(child.parentSpanContext?.spanId).toBe(webhook.spanContext().spanId);
    expect(webhook.attributes).toEqual({
      'klarefi.event.name': 'case.completed',
      'klarefi.delivery.id': 'whd_otel_1',
      'klarefi.webhook.outcome': 'processed',
      'http.response.status_code': 200,
    });
    expect(webhook.status.code).toBe(SpanStatusCode.UNSET);
    expect(userOutcomes.at(-1)?.outcome).toBe('processed');
  });

  it('records duplicates, refusals and failures on spans and in the counter and histogram', async () => {
    const before = await counts();
    await handler(deliveryFor('whd_otel_1'));
    await handler(deliveryFor('whd_otel_2', generateTestHeader({ payload: 'forged', secret: SECRET })));
    fail = true;
    expect((await handler(deliveryFor('whd_otel_3'))).status).toBe(500);
    fail = false;
    const spans = exporter.getFinishedSpans().filter((s) => s.name === 'klarefi.webhook');
    expect(
      spans.map((s) => [s.attributes['klarefi.webhook.outcome'], s.attributes['klarefi.webhook.code']]),
    ).toEqual([
      ['duplicate', undefined],
      ['refused', 'no_matching_signature'],
      ['failed', 'handler_failed'],
    ]);
    expect(spans.map((s) => s.status.code)).toEqual([
      SpanStatusCode.UNSET,
      SpanStatusCode.UNSET,
      SpanStatusCode.ERROR,
    ]);
    expect(spans[1]!.attributes['klarefi.delivery.id']).toBeUndefined();
    const after = await counts();
    const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    for (const name of [DELIVERIES_METRIC, DURATION_METRIC]) {
      expect(delta(`${name}|duplicate|`)).toBe(1);
      expect(delta(`${name}|refused|no_matching_signature`)).toBe(1);
      expect(delta(`${name}|failed|handler_failed`)).toBe(1);
    }
    expect(after.get(`${DELIVERIES_METRIC}|processed|`)).toBe(1);
  });

  it('never puts the secret, the body or a handler error into a span or a metric', async () => {
    fail = true;
    await handler(deliveryFor('whd_otel_4'));
    fail = false;
    const { resourceMetrics } = await reader.collect();
    const text = JSON.stringify([
      exporter.getFinishedSpans().map((s) => [s.name, s.attributes, s.status, s.events]),
      resourceMetrics.scopeMetrics.map((m) => m.metrics.map((x) => x.dataPoints.map((p) => p.attributes))),
    ]);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(BODY_MARKER);
  });

  it('refuses providers and options that are not what they should be', () => {
    expect(() => instrumentKlarefi(options, { tracerProvider: {} as never })).toThrow(KlarefiConfigError);
    expect(() => instrumentKlarefi(null as never)).toThrow(/must be the Klarefi options object/);
    expect(() => instrumentKlarefi({ ...options, webhook: { onOutcome: 1 as never } })).toThrow(/onOutcome/);
  });
});

describe('client spans', () => {
  it('wraps each API call in a client span, with the request id of a failure and never the key', async () => {
    const client = instrumentClient(new KlarefiClient({ apiKey: API_KEY, baseUrl: apiUrl, maxRetries: 0 }), {
      tracerProvider,
    });
    expect(client).toBeInstanceOf(KlarefiClient);
    expect(client.environment).toBe('test');
    await client.createSession({ case_type_id: 'motor_claim' });
    await expect(client.getCase('case_missing')).rejects.toMatchObject({ status: 404 });
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['klarefi.client.createSession', 'klarefi.client.getCase']);
    expect(spans[0]!.status.code).toBe(SpanStatusCode.UNSET);
    expect(spans[1]!.status.code).toBe(SpanStatusCode.ERROR);
    expect(spans[1]!.attributes).toMatchObject({
      'klarefi.client.method': 'getCase',
      'http.response.status_code': 404,
      'klarefi.request_id': 'req_404',
    });
    expect(JSON.stringify(spans.map((s) => [s.attributes, s.status]))).not.toContain(API_KEY);
  });

  it('instrumentKlarefi builds the client from apiKey so start-claim calls are traced', async () => {
    const handler = createKlarefiHandler(
      instrumentKlarefi(
        {
          apiKey: API_KEY,
          baseUrl: apiUrl,
          webhookSecret: SECRET,
          startClaim: { caseTypeId: 'motor_claim' },
        },
        { tracerProvider, meterProvider },
      ),
    );
    const answer = await handler(new Request('http://localhost/start-claim'));
    expect(answer.status).toBe(303);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['klarefi.client.createSession']);
  });
});
