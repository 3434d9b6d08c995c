import { Buffer } from 'node:buffer';
import type { KlarefiAstroOptions } from '@klarefi/astro';
import type { APIRoute } from 'astro';
import { Webhook } from 'standardwebhooks';
import { floorVerify } from '../../src/floor';
import { peerSecret } from '../../src/payloads';
import { klarefiOptions, type ScenarioOptions } from '../../src/servers/common';

// The bench child sets these before it serves the build; read per request, so one process can
// serve the adapter and then the baseline.
function scenario(): ScenarioOptions {
  return JSON.parse(process.env.BENCH_SCENARIO_OPTIONS ?? '{}');
}

/** Which route the child serves: `adapter`, `baseline` or `peer`. */
export const kind = (): string => process.env.BENCH_ASTRO_KIND ?? 'adapter';

/** The same options every adapter scenario uses, for @klarefi/astro. */
export const adapterOptions = (): KlarefiAstroOptions => klarefiOptions(scenario());

/** The hand-written endpoint: `request.arrayBuffer()`, then the floor's checks. */
export const baselinePOST: APIRoute = async ({ request }) => {
  const body = Buffer.from(await request.arrayBuffer());
  try {
    floorVerify(body, request.headers.get('x-klarefi-signature') ?? undefined, scenario().secret);
  } catch {
    return Response.json({ error: 'invalid signature' }, { status: 401 });
  }
  return Response.json({ received: true });
};

let peer: { secret: string; webhook: Webhook } | undefined;

/** The peer endpoint: `request.text()`, then `standardwebhooks`' `Webhook.verify`. */
export const peerPOST: APIRoute = async ({ request }) => {
  const { secret } = scenario();
  if (peer?.secret !== secret) peer = { secret, webhook: new Webhook(peerSecret(secret)) };
  const body = await request.text();
  try {
    peer.webhook.verify(body, Object.fromEntries(request.headers));
  } catch {
    return Response.json({ error: 'invalid signature' }, { status: 401 });
  }
  return Response.json({ received: true });
};
