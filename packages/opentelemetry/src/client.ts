import { type Span, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { KlarefiClient } from '@klarefi/sdk';
import { ATTR } from './attributes.js';

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

// Only the error's class, status and request id: its message may quote what the API answered.
function fail(span: Span, error: unknown): void {
  const { name, status, requestId } = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    status?: unknown;
    requestId?: unknown;
  };
  const type = typeof name === 'string' ? name : 'Error';
  span.setAttribute(ATTR.errorType, type);
  if (typeof status === 'number') span.setAttribute(ATTR.status, status);
  if (typeof requestId === 'string') span.setAttribute(ATTR.requestId, requestId);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/**
 * A view of `client` whose promise-returning methods each run in a `klarefi.client.<method>`
 * span (kind client). The client's own fields and `instanceof KlarefiClient` are unchanged.
 */
export function traceClient<C extends KlarefiClient>(client: C, tracer: Tracer): C {
  const wrappers = new Map<PropertyKey, unknown>();
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'constructor' || typeof property !== 'string')
        return value;
      let wrapper = wrappers.get(property);
      if (!wrapper) {
        wrapper = function tracedKlarefiCall(...args: unknown[]) {
          const span = tracer.startSpan(`klarefi.client.${property}`, {
            kind: SpanKind.CLIENT,
            attributes: { [ATTR.clientMethod]: property, [ATTR.environment]: target.environment },
          });
          let result: unknown;
          try {
            // The class keeps its state in #private fields, so `this` must be the client itself.
            result = (value as (...a: unknown[]) => unknown).apply(target, args);
          } catch (error) {
            fail(span, error);
            span.end();
            throw error;
          }
          if (!isThenable(result)) {
            span.end();
            return result;
          }
          return Promise.resolve(result).then(
            (answer) => {
              span.end();
              return answer;
            },
            (error: unknown) => {
              fail(span, error);
              span.end();
              throw error;
            },
          );
        };
        wrappers.set(property, wrapper);
      }
      return wrapper;
    },
  });
}
