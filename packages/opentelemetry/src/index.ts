/**
 * @module
 * `@klarefi/opentelemetry`: Klarefi webhook outcomes and API calls as OpenTelemetry spans and
 * metrics. Depends on `@opentelemetry/api` only; register an OpenTelemetry SDK to export them.
 */
export {
  ATTR,
  DELIVERIES_METRIC,
  DURATION_METRIC,
  WEBHOOK_SPAN_NAME,
} from './attributes.js';
export {
  INSTRUMENTATION_NAME,
  instrumentClient,
  instrumentKlarefi,
  type KlarefiTelemetryOptions,
} from './instrument.js';
