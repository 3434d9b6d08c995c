import {
  type Attributes,
  context as otelContext,
  type Meter,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { KlarefiEventContext, KlarefiEventHandler, WebhookOutcome } from '@klarefi/sdk';
import {
  ATTR,
  DELIVERIES_METRIC,
  DURATION_BUCKETS,
  DURATION_METRIC,
  WEBHOOK_SPAN_NAME,
} from './attributes.js';

/** Spans and metrics for webhook deliveries: wraps handlers, records outcomes. */
export interface WebhookTelemetry {
  /** Runs `handler` inside its delivery's `klarefi.webhook` span. */
  wrap<H extends KlarefiEventHandler<any, any>>(handler: H): H;
  /** Ends the delivery's span with the outcome and counts it. */
  record(outcome: WebhookOutcome, request: unknown): void;
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

export function webhookTelemetry(tracer: Tracer, meter: Meter): WebhookTelemetry {
  const deliveries = meter.createCounter(DELIVERIES_METRIC, {
    description: 'Klarefi webhook deliveries, by outcome.',
    unit: '{delivery}',
  });
  const duration = meter.createHistogram(DURATION_METRIC, {
    description: 'Time from a Klarefi webhook delivery reaching the SDK to its answer.',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  // The request object is what a delivery's handlers and its outcome share, in every adapter.
  const open = new WeakMap<object, Span>();

  function spanFor(context: KlarefiEventContext<unknown>): Span | undefined {
    if (!isObject(context.request)) return undefined;
    let span = open.get(context.request);
    if (!span) {
      span = tracer.startSpan(WEBHOOK_SPAN_NAME, {
        kind: SpanKind.INTERNAL,
        attributes: {
          [ATTR.eventName]: context.name,
          ...(context.deliveryId !== null && { [ATTR.deliveryId]: context.deliveryId }),
        },
      });
      open.set(context.request, span);
    }
    return span;
  }

  return {
    wrap(handler) {
      const traced = function tracedKlarefiHandler(event: unknown, context: KlarefiEventContext<unknown>) {
        const span = spanFor(context);
        if (!span) return handler(event, context);
        return otelContext.with(trace.setSpan(otelContext.active(), span), () => handler(event, context));
      };
      return traced as typeof handler;
    },

    record(outcome, request) {
      let span = isObject(request) ? open.get(request) : undefined;
      if (span && isObject(request)) open.delete(request);
      // Refused before any handler ran: the span is opened now, starting when the delivery arrived.
      span ??= tracer.startSpan(WEBHOOK_SPAN_NAME, {
        kind: SpanKind.INTERNAL,
        startTime: new Date(Date.now() - outcome.durationMs),
      });
      const metric: Attributes = {
        [ATTR.outcome]: outcome.outcome,
        ...(outcome.code !== null && { [ATTR.code]: outcome.code }),
        ...(outcome.eventName !== null && { [ATTR.eventName]: outcome.eventName }),
      };
      span.setAttributes({
        ...metric,
        [ATTR.status]: outcome.status,
        ...(outcome.deliveryId !== null && { [ATTR.deliveryId]: outcome.deliveryId }),
      });
      if (outcome.status >= 500)
        span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.code ?? outcome.outcome });
      span.end();
      deliveries.add(1, metric);
      duration.record(outcome.durationMs / 1000, metric);
    },
  };
}
