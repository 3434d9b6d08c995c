import { KlarefiConfigError } from '@klarefi/sdk';
import { type KlarefiAnswer, optionChecker } from '@klarefi/sdk/adapter';

/** The invokers `klarefiLambda` answers, by their event payload. */
export type LambdaEventShape = 'rest' | 'http' | 'function-url' | 'alb';

type Headers = Record<string, string | undefined> | null | undefined;
type MultiHeaders = Record<string, readonly string[] | undefined> | null | undefined;

/**
 * The fields `klarefiLambda` reads, common to API Gateway REST (payload 1.0), HTTP API (payload
 * 2.0), Function URL and ALB target events. `@types/aws-lambda`'s `APIGatewayProxyEvent`,
 * `APIGatewayProxyEventV2`, `LambdaFunctionURLEvent` and `ALBEvent` all fit.
 */
export interface LambdaHttpEvent {
  /** `"2.0"` for HTTP API payload 2.0 and Function URLs; `"1.0"` for HTTP API payload 1.0. */
  version?: string;
  httpMethod?: string;
  path?: string;
  rawPath?: string;
  headers?: Headers;
  multiValueHeaders?: MultiHeaders;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext?: {
    elb?: unknown;
    domainName?: string;
    http?: { method?: string };
  } | null;
}

/** The answer in the invoker's own format (`APIGatewayProxyResult`, `…StructuredResultV2`, `ALBResult`). */
export interface LambdaHttpResult {
  statusCode: number;
  statusDescription?: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

/** An HTTP request as the core needs it, from any of the shapes. */
export interface LambdaRequestView {
  shape: LambdaEventShape;
  method: string;
  path: string;
  header(name: string): string | string[] | undefined;
  /** The body's bytes: base64-decoded when the invoker encoded it; none is zero bytes. */
  body(): Uint8Array;
  /** The request used multi-value headers (ALB with them turned on): answer in kind. */
  multiValue: boolean;
}

const SHAPES: readonly LambdaEventShape[] = ['rest', 'http', 'function-url', 'alb'];

/** Which invoker sent `event`, or `null` when it is not an HTTP event this package knows. */
export function detectShape(event: LambdaHttpEvent): LambdaEventShape | null {
  if (typeof event !== 'object' || event === null) return null;
  const rc = event.requestContext;
  if (rc && typeof rc === 'object' && rc.elb !== undefined) return 'alb';
  if (event.version === '2.0' && typeof event.rawPath === 'string') {
    return rc?.domainName?.includes('.lambda-url.') ? 'function-url' : 'http';
  }
  if (typeof event.httpMethod === 'string' && typeof event.path === 'string') return 'rest';
  return null;
}

/** Checks the `eventShape` option at start-up. */
export function checkShapeOption(value: unknown): LambdaEventShape | 'auto' {
  return optionChecker('klarefiLambda').oneOf('eventShape', value, ['auto', ...SHAPES], 'auto');
}

// v1 and ALB keep names as sent; v2 lower-cases them and joins repeats with commas.
function headerLookup(
  headers: Headers,
  multi: MultiHeaders,
): (name: string) => string | string[] | undefined {
  const byName = new Map<string, string | string[]>();
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (typeof value === 'string') byName.set(key.toLowerCase(), value);
  }
  for (const [key, values] of Object.entries(multi ?? {})) {
    if (!Array.isArray(values) || values.length === 0) continue;
    const strings = values.map(String);
    byName.set(key.toLowerCase(), strings.length === 1 ? (strings[0] as string) : strings);
  }
  return (name) => byName.get(name);
}

/**
 * Reads `event` as an HTTP request. Throws a `KlarefiConfigError` when the event is not from an
 * HTTP invoker or not of the configured shape: the function is wired to the wrong trigger.
 */
export function viewOf(event: LambdaHttpEvent, expected: LambdaEventShape | 'auto'): LambdaRequestView {
  const shape = detectShape(event);
  if (shape === null) {
    throw new KlarefiConfigError(
      'klarefiLambda received an event that is not an HTTP request from API Gateway, a Function URL or an ALB. Trigger this function from one of them.',
    );
  }
  const sameFormat = (a: LambdaEventShape, b: LambdaEventShape) =>
    a === b || (a !== 'rest' && a !== 'alb' && b !== 'rest' && b !== 'alb');
  if (expected !== 'auto' && !sameFormat(expected, shape)) {
    throw new KlarefiConfigError(
      `klarefiLambda is set to eventShape "${expected}" but received a "${shape}" event. Set eventShape: "${shape}" or "auto".`,
    );
  }
  const v2 = shape === 'http' || shape === 'function-url';
  const raw = event.body;
  return {
    shape,
    method: (v2 ? event.requestContext?.http?.method : event.httpMethod) ?? 'GET',
    path: (v2 ? event.rawPath : event.path) ?? '/',
    header: headerLookup(event.headers, v2 ? undefined : event.multiValueHeaders),
    body() {
      if (typeof raw !== 'string') return new Uint8Array(0);
      return event.isBase64Encoded
        ? new Uint8Array(Buffer.from(raw, 'base64'))
        : new TextEncoder().encode(raw);
    },
    multiValue: shape === 'alb' && event.multiValueHeaders != null && event.headers == null,
  };
}

const REASONS: Record<number, string> = {
  200: 'OK',
  302: 'Found',
  303: 'See Other',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** The core's one answer in the format the invoker expects. */
export function resultOf(answer: KlarefiAnswer, view: LambdaRequestView): LambdaHttpResult {
  const result: LambdaHttpResult = {
    statusCode: answer.status,
    body: answer.body ?? '',
    isBase64Encoded: false,
  };
  if (view.multiValue) {
    result.multiValueHeaders = Object.fromEntries(Object.entries(answer.headers).map(([k, v]) => [k, [v]]));
  } else {
    result.headers = { ...answer.headers };
  }
  // An ALB needs the status line's text; API Gateway ignores the field, so it is left off there.
  if (view.shape === 'alb')
    result.statusDescription = `${answer.status} ${REASONS[answer.status] ?? ''}`.trim();
  return result;
}
