import { webhooks } from '@klarefi/nextjs';
import { adapterOptions, baselinePOST, isBaseline } from '../../../scenario';

const adapter = webhooks(adapterOptions);

// One build serves both scenarios; the child process chooses which with BENCH_NEXT_KIND.
export function POST(request: Request): Promise<Response> {
  return isBaseline() ? baselinePOST(request) : adapter.POST(request);
}
