import { createKlarefiHandler } from '@klarefi/sdk';
import type { ConformanceRequest, ConformanceResponse } from '../src/index.js';
import { runConformance } from '../src/index.js';

async function toConformanceResponse(response: Response): Promise<ConformanceResponse> {
  return {
    status: response.status,
    headers: Object.fromEntries([...response.headers].map(([name, value]) => [name.toLowerCase(), value])),
    body: await response.text(),
  };
}

runConformance({
  name: 'createKlarefiHandler (Web Request → Response)',
  setup(options) {
    const handler = createKlarefiHandler(options);
    return {
      async request({ method, path, headers, body }: ConformanceRequest) {
        // A copy typed as Uint8Array<ArrayBuffer>, which BodyInit requires.
        const bytes = body instanceof Uint8Array ? new Uint8Array(body) : body;
        const request = new Request(`http://localhost${path}`, { method, headers, body: bytes });
        try {
          return await toConformanceResponse(await handler(request));
        } catch {
          // What a Web-standard host (Next.js, Bun, Deno, Workers) answers for a thrown error.
          return { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' };
        }
      },
    };
  },
});
