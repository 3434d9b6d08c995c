/**
 * `pnpm --filter @klarefi/bench profile <scenario id> [seconds]`, e.g. `fastify:adapter 5`:
 * runs the scenario's server and its hand-written baseline (or adapter) in child processes,
 * loads each webhook route with autocannon while the V8 profiler runs, and prints where each
 * server's CPU time went, in microseconds per request, side by side. This is how a missed
 * target is explained with a profile rather than a guess.
 */
import { fileURLToPath } from 'node:url';
import { load } from './load.js';
import { eventBody, SECRET, signedDelivery } from './payloads.js';
import { killAllChildren, startChild } from './processes.js';
import { WEBHOOK_PATH } from './servers/common.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** A V8 CPU profile (`Profiler.stop`'s result). */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function label(n: ProfileNode): string {
  const where = n.callFrame.url.replace(
    /^.*\/(node_modules\/\.pnpm\/[^/]+\/node_modules|node_modules|packages)\//,
    '',
  );
  return `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`;
}

/**
 * Microseconds of CPU per request by function: `self` (time in the function itself) and
 * `inclusive` (time in it and what it called), from a profile taken over `requests` requests.
 */
export function perRequest(
  profile: CpuProfile,
  requests: number,
): { self: Map<string, number>; inclusive: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const micros = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / requests;
    const leaf = byId.get(id) as ProfileNode;
    if (leaf.callFrame.functionName === '(idle)') return;
    self.set(label(leaf), (self.get(label(leaf)) ?? 0) + micros);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = label(byId.get(cur) as ProfileNode);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
    }
  });
  return { self, inclusive };
}

function top(map: Map<string, number>, n: number, filter: (name: string) => boolean = () => true): string[] {
  return [...map]
    .filter(([name]) => filter(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => `${us.toFixed(1).padStart(7)} µs  ${name}`);
}

async function profileOne(id: string, seconds: number): Promise<void> {
  const child = await startChild([id], { secret: SECRET });
  try {
    const url = `${child.info[id] ? `http://127.0.0.1:${(child.info[id] as { port: number }).port}` : ''}${WEBHOOK_PATH}`;
    const body = eventBody(1024);
    await load({ url, method: 'POST', ...signedDelivery(body), connections: 10, duration: 1, warmup: true });
    await child.profile('start');
    const result = await load({
      url,
      method: 'POST',
      ...signedDelivery(body),
      connections: 10,
      duration: seconds,
    });
    const profile = (await child.profile('stop')) as CpuProfile;
    const { self, inclusive } = perRequest(profile, result.ok);
    const busy = [...self.values()].reduce((a, b) => a + b, 0);
    console.log(
      `\n== ${id}: ${Math.round(result.rps)} req/s, p99 ${result.p99} ms, ${busy.toFixed(1)} µs of CPU per request on the main thread`,
    );
    console.log('Self time per request:', ...top(self, 15).map((l) => `\n${l}`));
    console.log(
      'Inclusive time per request in @klarefi packages and the route:',
      ...top(inclusive, 15, (n) => /sdk\/|express\/|fastify\/|hono\/|nestjs\/|bench\/src/.test(n)).map(
        (l) => `\n${l}`,
      ),
    );
  } finally {
    await child.close();
  }
}

async function main(): Promise<void> {
  const [id = 'fastify:adapter', seconds = '5'] = process.argv.slice(2);
  const [framework, kind] = id.split(':');
  const other = `${framework}:${kind === 'adapter' ? 'baseline' : 'adapter'}`;
  process.on('exit', killAllChildren);
  for (const scenario of [id, other]) await profileOne(scenario, Number(seconds));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
