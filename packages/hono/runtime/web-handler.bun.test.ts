// Run with `bun test --conditions worker`: the shared conformance suite through
// createKlarefiHandler, the Web Request → Response handler of @klarefi/sdk, served as Bun.serve
// would call it (a thrown error becomes Bun's 500).
import type { ConformanceRequest, ConformanceResponse } from '@klarefi/conformance';
import { runConformance } from '@klarefi/conformance';
import { createKlarefiHandler } from '@klarefi/sdk';

async function toConformanceResponse(response: Response): Promise<ConformanceResponse> {
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
  };
}

runConformance({
  name: 'createKlarefiHandler on Bun',
  setup(options) {
    const handler = createKlarefiHandler(options);
    return {
      async request({ method, path, headers, body }: ConformanceRequest) {
        const bytes = body instanceof Uint8Array ? new Uint8Array(body) : body;
        const request = new Request(`http://localhost${path}`, { method, headers, body: bytes });
        try {
          return await toConformanceResponse(await handler(request));
        } catch {
          return { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' };
        }
      },
    };
  },
});
