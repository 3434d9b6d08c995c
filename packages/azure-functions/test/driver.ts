import { HttpRequest, InvocationContext } from '@azure/functions';
import type { ConformanceDriver, ConformanceRequest, ConformanceResponse } from '@klarefi/conformance';
import type { KlarefiOptions } from '@klarefi/sdk';
import { type KlarefiAzureOptions, klarefiAzure } from '../src/index.js';

/** An `HttpRequest` as `@azure/functions` itself builds it, under the host's `/api` prefix. */
export function azureRequest(
  { method, path, headers, body }: ConformanceRequest,
  prefix = '/api',
): HttpRequest {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return new HttpRequest({
    method,
    url: `https://klarefi-func.azurewebsites.net${prefix}${path}`,
    headers,
    body: bytes === undefined ? undefined : { bytes },
  });
}

async function toConformance(init: {
  status?: number;
  headers?: unknown;
  body?: unknown;
}): Promise<ConformanceResponse> {
  const headers = Object.fromEntries(new Headers(init.headers as HeadersInit));
  return { status: init.status ?? 200, headers, body: init.body == null ? '' : String(init.body) };
}

/** The whole suite through `klarefiAzure`, fed the package's own `HttpRequest`s. */
export const azureDriver: ConformanceDriver = {
  name: 'azure-functions (v4 HttpRequest)',
  // A thrown handler is the host's 500.
  sessionHookErrorStatus: 500,
  setup(options: KlarefiOptions<any>) {
    const handler = klarefiAzure(options as KlarefiAzureOptions);
    return {
      async request(req: ConformanceRequest) {
        const context = new InvocationContext({ functionName: 'klarefi', invocationId: 'test' });
        try {
          return await toConformance((await handler(azureRequest(req), context)) as never);
        } catch {
          return { status: 500, headers: {}, body: '' };
        }
      },
    };
  },
};
