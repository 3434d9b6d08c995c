/** The span every webhook delivery gets. */
export const WEBHOOK_SPAN_NAME = 'klarefi.webhook';
/** Counter of webhook deliveries, by outcome, code and event name. */
export const DELIVERIES_METRIC = 'klarefi.webhook.deliveries';
/** Histogram of webhook handling time in seconds, by outcome, code and event name. */
export const DURATION_METRIC = 'klarefi.webhook.duration';

/** Attribute keys on spans and metrics. Nothing here ever holds a secret, a key or a body. */
export const ATTR = {
  outcome: 'klarefi.webhook.outcome',
  code: 'klarefi.webhook.code',
  eventName: 'klarefi.event.name',
  deliveryId: 'klarefi.delivery.id',
  status: 'http.response.status_code',
  clientMethod: 'klarefi.client.method',
  environment: 'klarefi.environment',
  requestId: 'klarefi.request_id',
  errorType: 'error.type',
} as const;

// The HTTP server duration buckets of the OpenTelemetry semantic conventions, in seconds.
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
