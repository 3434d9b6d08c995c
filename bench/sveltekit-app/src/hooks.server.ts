import { Buffer } from 'node:buffer';
import { klarefiHandle } from '@klarefi/sveltekit';
import type { Handle } from '@sveltejs/kit';
import { Webhook } from 'standardwebhooks';
import { floorVerify } from '../../src/floor';
import { peerSecret } from '../../src/payloads';
import { klarefiOptions, type ScenarioOptions, WEBHOOK_PATH } from '../../src/servers/common';

// The bench child sets these before it starts the server; read per request, so one process can
// serve the adapter and then the baseline (the bench's own test does).
function scenario(): ScenarioOptions {
  return JSON.parse(process.env.BENCH_SCENARIO_OPTIONS ?? '{}');
}

const adapter = klarefiHandle(() => klarefiOptions(scenario()));

/** The hand-written hook: `request.arrayBuffer()`, then the floor's checks. */
const baseline: Handle = async ({ event, resolve }) => {
  if (event.request.method !== 'POST' || event.url.pathname !== WEBHOOK_PATH) return resolve(event);
  const body = Buffer.from(await event.request.arrayBuffer());
  try {
    floorVerify(body, event.request.headers.get('x-klarefi-signature') ?? undefined, scenario().secret);
  } catch {
    return Response.json({ error: 'invalid signature' }, { status: 401 });
  }
  return Response.json({ received: true });
};

let verifier: { secret: string; webhook: Webhook } | undefined;

/** The peer hook: `request.text()`, then `standardwebhooks`' `Webhook.verify`. */
const peer: Handle = async ({ event, resolve }) => {
  if (event.request.method !== 'POST' || event.url.pathname !== WEBHOOK_PATH) return resolve(event);
  const { secret } = scenario();
  if (verifier?.secret !== secret) verifier = { secret, webhook: new Webhook(peerSecret(secret)) };
  const body = await event.request.text();
  try {
    verifier.webhook.verify(body, Object.fromEntries(event.request.headers));
  } catch {
    return Response.json({ error: 'invalid signature' }, { status: 401 });
  }
  return Response.json({ received: true });
};

// One build serves the three scenarios; the child process chooses which with BENCH_SVELTEKIT_KIND.
export const handle: Handle = (input) => {
  const kind = process.env.BENCH_SVELTEKIT_KIND ?? 'adapter';
  return (kind === 'baseline' ? baseline : kind === 'peer' ? peer : adapter)(input);
};
