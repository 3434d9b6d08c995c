import { type MeterProvider, metrics, type TracerProvider, trace } from '@opentelemetry/api';
import { KlarefiClient, type KlarefiOptions, type WebhookOutcomeHandler } from '@klarefi/sdk';
import { type OptionChecker, optionChecker, outcomeObserver } from '@klarefi/sdk/adapter';
import { traceClient } from './client.js';
import { webhookTelemetry } from './webhook.js';

/** Where spans and metrics go. */
export interface KlarefiTelemetryOptions {
  /**
   * The tracer provider spans are created with.
   * @default the global one (`trace.getTracerProvider()`), a no-op until an SDK registers
   */
  tracerProvider?: TracerProvider;
  /**
   * The meter provider the counter and histogram are created with.
   * @default the global one (`metrics.getMeterProvider()`), a no-op until an SDK registers
   */
  meterProvider?: MeterProvider;
}

/** The instrumentation scope name of every span and metric. */
export const INSTRUMENTATION_NAME = '@klarefi/opentelemetry';

const check: OptionChecker = optionChecker();

function providers(telemetry: KlarefiTelemetryOptions) {
  if (typeof telemetry !== 'object' || telemetry === null) {
    check.invalid('The telemetry options', telemetry, 'an object: { tracerProvider?, meterProvider? }');
  }
  const { tracerProvider, meterProvider } = telemetry;
  if (tracerProvider !== undefined && typeof tracerProvider.getTracer !== 'function') {
    check.invalid('tracerProvider', tracerProvider, 'an OpenTelemetry TracerProvider (with getTracer())');
  }
  if (meterProvider !== undefined && typeof meterProvider.getMeter !== 'function') {
    check.invalid('meterProvider', meterProvider, 'an OpenTelemetry MeterProvider (with getMeter())');
  }
  return {
    tracer: (tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_NAME),
    meter: (meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_NAME),
  };
}

/**
 * Wraps a client so that each API call runs in a `klarefi.client.<method>` span.
 * @example
 * const klarefi = instrumentClient(new KlarefiClient({ apiKey }));
 */
export function instrumentClient<C extends KlarefiClient>(
  client: C,
  telemetry: KlarefiTelemetryOptions = {},
): C {
  if (typeof (client as { createSession?: unknown })?.createSession !== 'function') {
    check.invalid(
      'instrumentClient(client): client',
      client,
      'a KlarefiClient',
      'Pass new KlarefiClient({ apiKey }).',
    );
  }
  return traceClient(client, providers(telemetry).tracer);
}

/**
 * Takes the options of any Klarefi adapter and returns them instrumented: every webhook delivery
 * gets a `klarefi.webhook` span (its `on` and `onEvent` handlers run inside it, so your own
 * spans nest under it) with the event name, delivery id, outcome and code; the
 * `klarefi.webhook.deliveries` counter and `klarefi.webhook.duration` histogram (seconds) count
 * outcomes; and the API client's calls get spans. Your own `webhook.onOutcome` still runs. No
 * span or metric carries a secret, an API key, a header or the body.
 * @throws {KlarefiConfigError} when `telemetry` holds something that is not a provider.
 * @example
 * app.use(klarefiRouter(instrumentKlarefi({ apiKey, webhookSecret, startClaim: false, on })));
 */
export function instrumentKlarefi<O extends KlarefiOptions<any>>(
  options: O,
  telemetry: KlarefiTelemetryOptions = {},
): O {
  if (typeof options !== 'object' || options === null) {
    check.invalid(
      'instrumentKlarefi(options): options',
      options,
      'the Klarefi options object your adapter takes',
    );
  }
  const { tracer, meter } = providers(telemetry);
  const webhooks = webhookTelemetry(tracer, meter);
  const { apiKey, baseUrl, client, on, onEvent, webhook, ...rest } = options;
  // With apiKey alone the adapter would build the client out of reach; build it here instead.
  const base = client ?? (apiKey !== undefined ? new KlarefiClient({ apiKey, baseUrl }) : undefined);
  const userOutcome = check.optionalFunction(
    'webhook.onOutcome',
    webhook?.onOutcome,
    '(outcome, request) => void',
  );
  const instrumented: KlarefiOptions<any> = {
    ...rest,
    webhookSecret: options.webhookSecret,
    startClaim: options.startClaim,
    ...(base !== undefined && { client: traceClient(base, tracer) }),
    // Both given is a mistake the adapter reports; keep it visible.
    ...(client !== undefined && apiKey !== undefined && { apiKey }),
    ...(on !== undefined && {
      on: Object.fromEntries(
        Object.entries(on).map(([name, handler]) => [
          name,
          typeof handler === 'function' ? webhooks.wrap(handler) : handler,
        ]),
      ),
    }),
    ...(typeof onEvent === 'function'
      ? { onEvent: webhooks.wrap(onEvent) }
      : onEvent !== undefined && { onEvent }),
    webhook: {
      ...webhook,
      // Without an onOutcome of the app's own, telemetry only observes: Fastify's and Nest's
      // default outcome logs keep running beside it.
      onOutcome: (userOutcome ? (fn: WebhookOutcomeHandler<any>) => fn : outcomeObserver)(
        (outcome, request) => {
          webhooks.record(outcome, request);
          return userOutcome?.(outcome, request);
        },
      ),
    },
  };
  return instrumented as O;
}
