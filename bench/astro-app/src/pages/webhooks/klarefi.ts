import { webhooks } from '@klarefi/astro';
import type { APIRoute } from 'astro';
import { adapterOptions, baselinePOST, kind, peerPOST } from '../../scenario';

let adapter: APIRoute | undefined;

// One build serves the three scenarios; the child process chooses which with BENCH_ASTRO_KIND.
export const POST: APIRoute = (context) => {
  const which = kind();
  if (which === 'baseline') return baselinePOST(context);
  if (which === 'peer') return peerPOST(context);
  adapter ??= webhooks(adapterOptions()).POST;
  return adapter(context);
};
