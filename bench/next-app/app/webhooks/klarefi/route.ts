import { webhooks } from '@klarefi/nextjs';
import { adapterOptions, baselinePOST, kind, peerPOST } from '../../../scenario';

const adapter = webhooks(adapterOptions);

// One build serves the three scenarios; the child process chooses which with BENCH_NEXT_KIND.
export function POST(request: Request): Promise<Response> {
  const which = kind();
  if (which === 'baseline') return baselinePOST(request);
  return which === 'peer' ? peerPOST(request) : adapter.POST(request);
}
