import { startEmulator } from '@klarefi/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryFor, eventBody, SECRET, signedDelivery } from '../src/payloads.js';
import { START_CLAIM_PATH, WEBHOOK_PATH } from '../src/servers/common.js';
import { killAllChildren, startChild } from '../src/processes.js';
import { FRAMEWORKS, KINDS, scenario } from '../src/servers/index.js';
import { messageBytes, PACKAGES, weigh } from '../src/weight.js';

let emulator: Awaited<ReturnType<typeof startEmulator>>;

beforeAll(async () => {
  emulator = await startEmulator({ rateLimitPerMinute: 100_000, retrySchedule: [] });
  // Build steps (`next build`, `vite build` of the SvelteKit app; skipped when cached) run before the
  // servers, as in the fleet.
  for (const framework of FRAMEWORKS) await framework.prepare?.();
}, 360_000);
afterAll(() => emulator.close());

describe.each(FRAMEWORKS.map((f) => f.name))('%s scenario servers', (name) => {
  it('answer 200 {"received":true} to one valid signed delivery and 401 to a forged one, adapter, baseline and peer, and the adapter starts a claim', async () => {
    for (const kind of KINDS) {
      const id = `${name}:${kind}`;
      const options = { secret: SECRET, api: { apiKey: emulator.apiKey, baseUrl: emulator.url } };
      // Next.js checks `instanceof Response` against its own global, which the emulator's
      // @hono/node-server replaces in this process: run it in a child, as the fleet does.
      const child = FRAMEWORKS.find((f) => f.name === name)?.prepare ? await startChild([id], options) : null;
      const server = child
        ? { port: (child.info[id] as { port: number }).port, close: () => child.close() }
        : await (await scenario(id))(options);
      try {
        const base = `http://127.0.0.1:${server.port}`;
        const delivery = deliveryFor(kind, eventBody(1024));
        const ok = await fetch(`${base}${WEBHOOK_PATH}`, { method: 'POST', ...delivery });
        expect(ok.status).toBe(200);
        expect(await ok.json()).toEqual({ received: true });
        const forged = await fetch(`${base}${WEBHOOK_PATH}`, {
          method: 'POST',
          headers: delivery.headers,
          body: delivery.body.replace('completed', 'COMPLETED'),
        });
        expect(forged.status).toBe(401);
        await forged.arrayBuffer();
        if (kind === 'adapter') {
          const claim = await fetch(`${base}${START_CLAIM_PATH}`, { redirect: 'manual' });
          expect(claim.status).toBe(303);
          expect(claim.headers.get('location')).toMatch(new RegExp(`^${emulator.url}/`));
        }
      } finally {
        await server.close();
      }
    }
  });
});

describe('child processes', () => {
  it('run a scenario server out of process, report its CPU time and profile it', async () => {
    const child = await startChild(['hono:baseline'], { secret: SECRET });
    try {
      const { port } = child.info['hono:baseline'] as { port: number };
      const before = await child.cpuMicros();
      await child.profile('start');
      const res = await fetch(`http://127.0.0.1:${port}${WEBHOOK_PATH}`, {
        method: 'POST',
        ...signedDelivery(eventBody(1024)),
      });
      expect(res.status).toBe(200);
      const profile = (await child.profile('stop')) as { nodes: unknown[]; samples: number[] };
      expect(profile.nodes.length).toBeGreaterThan(0);
      expect(await child.cpuMicros()).toBeGreaterThan(before);
    } finally {
      await child.close();
      killAllChildren();
    }
  });
});

describe('weight', () => {
  it('counts the gzipped bytes of long string literals, not of code or short strings', () => {
    const message = 'This message explains at length which option to set and how to set it.';
    const code = `function f(a){if(!a)throw new Error(${JSON.stringify(message)});return /"x"/.test(a)?"ok":"no"}`;
    expect(messageBytes(code)).toBeGreaterThan(40);
    expect(messageBytes(code.replace(JSON.stringify(message), '"short"'))).toBe(0);
  });

  it('bundles the SDK entry with no import beyond node builtins', async () => {
    const sdk = PACKAGES.find((p) => p.name === '@klarefi/sdk');
    const weight = await weigh(sdk as (typeof PACKAGES)[number]);
    expect(weight.gzipped).toBeGreaterThan(500);
    expect(weight.gzipped).toBeLessThan(weight.minified);
    expect(weight.strayImports).toEqual([]);
  });
});
