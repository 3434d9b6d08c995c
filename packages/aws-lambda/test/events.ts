import type {
  ALBEvent,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  Context,
  LambdaFunctionURLEvent,
} from 'aws-lambda';

/** How the invoker hands the body over. */
export type BodyEncoding = 'plain' | 'base64';

/** One HTTP request, before an invoker turns it into its event. */
export interface HttpInput {
  method: string;
  /** Path and query string. */
  path: string;
  /** Header names as sent (repeats as arrays). */
  headers?: Record<string, string | string[]>;
  body?: string | Uint8Array;
  encoding?: BodyEncoding;
}

function split(path: string): { pathname: string; query: string } {
  const at = path.indexOf('?');
  return at < 0 ? { pathname: path, query: '' } : { pathname: path.slice(0, at), query: path.slice(at + 1) };
}

function bodyOf(input: HttpInput): { body: string | null; isBase64Encoded: boolean } {
  if (input.body === undefined) return { body: null, isBase64Encoded: false };
  const bytes = typeof input.body === 'string' ? new TextEncoder().encode(input.body) : input.body;
  if (input.encoding === 'base64')
    return { body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true };
  // A text body reaches the function as a string: bytes that are not UTF-8 do not survive.
  return { body: new TextDecoder().decode(bytes), isBase64Encoded: false };
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

function queryParams(query: string): {
  single: Record<string, string> | null;
  multi: Record<string, string[]> | null;
} {
  if (query === '') return { single: null, multi: null };
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(query)) {
    single[k] = v;
    multi[k] = [...(multi[k] ?? []), v];
  }
  return { single, multi };
}

/** An API Gateway REST event (payload 1.0), as in AWS's documented sample. */
export function restEvent(input: HttpInput): APIGatewayProxyEvent {
  const { pathname, query } = split(input.path);
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(input.headers ?? {})) {
    headers[k] = list(v).at(-1) as string;
    multiValueHeaders[k] = list(v);
  }
  const q = queryParams(query);
  return {
    resource: '/{proxy+}',
    path: pathname,
    httpMethod: input.method,
    headers,
    multiValueHeaders,
    queryStringParameters: q.single,
    multiValueQueryStringParameters: q.multi,
    pathParameters: { proxy: pathname.slice(1) },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: '1234567890',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: input.method,
      identity: { sourceIp: '127.0.0.1', userAgent: 'Custom User Agent String' } as never,
      path: `/prod${pathname}`,
      stage: 'prod',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTimeEpoch: 1428582896000,
      resourceId: '123456',
      resourcePath: '/{proxy+}',
    },
    ...bodyOf(input),
  };
}

/** An HTTP API event (payload 2.0); with `functionUrl`, a Lambda Function URL event. */
export function v2Event(
  input: HttpInput,
  functionUrl = false,
): APIGatewayProxyEventV2 | LambdaFunctionURLEvent {
  const { pathname, query } = split(input.path);
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [k, v] of Object.entries(input.headers ?? {})) {
    if (k.toLowerCase() === 'cookie') cookies.push(...list(v).flatMap((c) => c.split('; ')));
    else headers[k.toLowerCase()] = list(v).join(',');
  }
  const domainName = functionUrl
    ? 'abcdefghij.lambda-url.eu-west-1.on.aws'
    : 'id.execute-api.eu-west-1.amazonaws.com';
  const rawPath = functionUrl ? pathname : `/prod${pathname}`;
  return {
    version: '2.0',
    routeKey: functionUrl ? '$default' : 'ANY /{proxy+}',
    rawPath,
    rawQueryString: query,
    cookies: cookies.length ? cookies : undefined,
    headers,
    queryStringParameters: queryParams(query).single ?? undefined,
    requestContext: {
      accountId: '123456789012',
      apiId: functionUrl ? 'abcdefghij' : 'api-id',
      domainName,
      domainPrefix: domainName.split('.')[0] as string,
      http: {
        method: input.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'agent',
      },
      requestId: 'id',
      routeKey: functionUrl ? '$default' : 'ANY /{proxy+}',
      stage: functionUrl ? '$default' : 'prod',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
    },
    ...bodyOf(input),
    body: bodyOf(input).body ?? undefined,
  };
}

/** An ALB target event; with `multiValue`, the target group has multi-value headers turned on. */
export function albEvent(input: HttpInput, multiValue = false): ALBEvent {
  const { pathname, query } = split(input.path);
  const q = queryParams(query);
  const base = {
    requestContext: {
      elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/lambda/abc' },
    },
    httpMethod: input.method,
    path: pathname,
    ...bodyOf(input),
    body: bodyOf(input).body ?? '',
  };
  const entries = Object.entries(input.headers ?? {}).map(([k, v]) => [k.toLowerCase(), list(v)] as const);
  if (multiValue) {
    return {
      ...base,
      multiValueQueryStringParameters: q.multi ?? {},
      multiValueHeaders: Object.fromEntries(entries),
    };
  }
  return {
    ...base,
    queryStringParameters: q.single ?? {},
    headers: Object.fromEntries(entries.map(([k, v]) => [k, v.at(-1) as string])),
  };
}

/** A Lambda `Context` whose remaining time counts down from `timeoutMs` on the (fakeable) clock. */
export function lambdaContext(timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'klarefi',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:klarefi',
    memoryLimitInMB: '256',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    logGroupName: '/aws/lambda/klarefi',
    logStreamName: '2026/12/07/[$LATEST]abc',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
