import { Buffer } from 'node:buffer';
import type { KlarefiNextOptions } from '@klarefi/nextjs';
import { floorVerify } from '../src/floor';
import { klarefiOptions, type ScenarioOptions } from '../src/servers/common';

// The bench child sets these before it starts Next's server; read per request, so one process
// can serve the adapter and then the baseline (the bench's own test does).
function scenario(): ScenarioOptions {
  return JSON.parse(process.env.BENCH_SCENARIO_OPTIONS ?? '{}');
}

export const isBaseline = (): boolean => process.env.BENCH_NEXT_KIND === 'baseline';

/** The same options every adapter scenario uses, for @klarefi/nextjs. */
export const adapterOptions = (): KlarefiNextOptions => klarefiOptions(scenario());

/** The hand-written route handler: `request.arrayBuffer()`, then the floor's checks. */
export async function baselinePOST(request: Request): Promise<Response> {
  const body = Buffer.from(await request.arrayBuffer());
  try {
    floorVerify(body, request.headers.get('x-klarefi-signature') ?? undefined, scenario().secret);
  } catch {
    return Response.json({ error: 'invalid signature' }, { status: 401 });
  }
  return Response.json({ received: true });
}
