import type { ConformanceDriver, ConformanceRequest, ConformanceResponse } from '@klarefi/conformance';
import type { KlarefiOptions } from '@klarefi/sdk';
import { type KlarefiLambdaRequest, klarefiLambda, type LambdaHttpResult } from '../src/index.js';
import { albEvent, type BodyEncoding, type HttpInput, lambdaContext, restEvent, v2Event } from './events.js';

/** An invoker: how the request reaches the function, and which body encoding it uses. */
export type Invoker = 'rest' | 'http' | 'function-url' | 'alb' | 'alb-multi-value';

export function eventFor(invoker: Invoker, input: HttpInput) {
  if (invoker === 'rest') return restEvent(input);
  if (invoker === 'http') return v2Event(input);
  if (invoker === 'function-url') return v2Event(input, true);
  return albEvent(input, invoker === 'alb-multi-value');
}

/** The answer as the invoker turns it into HTTP; a thrown handler is API Gateway's 502. */
export function toResponse(result: LambdaHttpResult): ConformanceResponse {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k.toLowerCase()] = v;
  for (const [k, v] of Object.entries(result.multiValueHeaders ?? {}))
    headers[k.toLowerCase()] = v.join(', ');
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString() : result.body;
  return { status: result.statusCode, headers, body };
}

/** The whole suite through `klarefiLambda`, fed the events one invoker builds. */
export function lambdaDriver(invoker: Invoker, encoding: BodyEncoding): ConformanceDriver {
  return {
    name: `aws-lambda (${invoker}, ${encoding} body)`,
    // A text body reaches the function as a string, so bytes that are not UTF-8 are gone.
    bodyDecodedBeforeAdapter: encoding === 'plain',
    // The handler answers the integrator's hook error itself, as Powertools' event handler does.
    sessionHookErrorStatus: 500,
    setup(options: KlarefiOptions<any>) {
      const handler = klarefiLambda(options as KlarefiOptions<KlarefiLambdaRequest>);
      return {
        async request({ method, path, headers, body }: ConformanceRequest) {
          const event = eventFor(invoker, { method, path, headers, body, encoding });
          try {
            return toResponse(await handler(event, lambdaContext()));
          } catch {
            // A failed invocation: API Gateway, Function URLs and ALB answer 502.
            return { status: 502, headers: {}, body: '{"message":"Internal server error"}' };
          }
        },
      };
    },
  };
}
