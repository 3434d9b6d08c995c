// A local stand-in for Lambda's HTTP invokers: a Node server that turns each request into the event
// API Gateway (REST, payload 1.0), an HTTP API (payload 2.0) or a Function URL would send, calls
// the handler with a Context whose remaining time counts down, and writes its result back.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** Which invoker to imitate. */
export type LocalInvoker = 'rest' | 'http' | 'function-url';

export interface LocalInvokerOptions {
  /** @default "http" */
  invoker?: LocalInvoker;
  /** The function's timeout: what `getRemainingTimeInMillis()` counts down from. @default 30000 */
  timeoutMs?: number;
}

type Result = {
  statusCode: number;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
};
type Handler = (event: never, context: Context) => Promise<Result>;

// As API Gateway and Function URLs do: text bodies arrive as strings, anything else base64-encoded.
const TEXT = /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript))/i;

function bodyOf(req: IncomingMessage, bytes: Buffer) {
  if (bytes.byteLength === 0) return { body: null, isBase64Encoded: false };
  const text = TEXT.test(req.headers['content-type'] ?? '');
  return text
    ? { body: bytes.toString('utf8'), isBase64Encoded: false }
    : { body: bytes.toString('base64'), isBase64Encoded: true };
}

function restEvent(req: IncomingMessage, url: URL, bytes: Buffer): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const [name, value] = [req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string];
    headers[name] = value;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  const query: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) query[k] = [...(query[k] ?? []), v];
  const hasQuery = url.search !== '';
  return {
    resource: '/{proxy+}',
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? Object.fromEntries(url.searchParams) : null,
    multiValueQueryStringParameters: hasQuery ? query : null,
    pathParameters: { proxy: url.pathname.slice(1) },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: req.method ?? 'GET',
      identity: { sourceIp: req.socket.remoteAddress ?? '127.0.0.1' } as never,
      path: url.pathname,
      stage: '$default',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: '/{proxy+}',
    },
    ...bodyOf(req, bytes),
  };
}

function v2Event(
  req: IncomingMessage,
  url: URL,
  bytes: Buffer,
  functionUrl: boolean,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name !== 'cookie' && value !== undefined)
      headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const domainName = functionUrl
    ? 'local.lambda-url.eu-west-1.on.aws'
    : 'local.execute-api.eu-west-1.amazonaws.com';
  const { body, isBase64Encoded } = bodyOf(req, bytes);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: req.headers.cookie?.split('; '),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName,
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    body: body ?? undefined,
    isBase64Encoded,
  };
}

function contextFor(timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'klarefi-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:klarefi-local',
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/klarefi-local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** A Node HTTP server that invokes `handler` as the chosen invoker would. Call `listen` on it. */
export function localInvoker(handler: Handler, options: LocalInvokerOptions = {}): Server {
  const { invoker = 'http', timeoutMs = 30_000 } = options;
  return createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://local');
      const event =
        invoker === 'rest'
          ? restEvent(req, url, bytes)
          : v2Event(req, url, bytes, invoker === 'function-url');
      const result = await handler(event as never, contextFor(timeoutMs));
      const headers: Record<string, string | string[]> = { ...result.headers, ...result.multiValueHeaders };
      if (result.cookies?.length) headers['set-cookie'] = result.cookies;
      res.writeHead(result.statusCode, headers);
      res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
    } catch (error) {
      // A failed invocation, as the invokers answer it.
      console.error(error);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end('{"message":"Internal Server Error"}');
    }
  });
}
