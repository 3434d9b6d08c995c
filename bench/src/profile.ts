/**
 * `pnpm --filter @klarefi/bench profile <scenario id> [seconds] [rounds] [counterpart kind]`, e.g.
 * `express:adapter 3 3` or `express:adapter 3 3 peer`: runs the scenario's server and the same
 * framework's counterpart (the baseline for an adapter, else the adapter) in child processes,
 * loads each webhook route with autocannon while the V8 profiler runs, and prints where each
 * server's CPU time went, in microseconds per request, side by side. This is how a missed
 * target is explained with a profile rather than a guess.
 */
import { fileURLToPath } from 'node:url';
import { load } from './load.js';
import { deliveryFor, eventBody, SECRET } from './payloads.js';
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

function add(into: Map<string, number>, from: Map<string, number>, weight: number): void {
  for (const [name, us] of from) into.set(name, (into.get(name) ?? 0) + us * weight);
}

/** Per-request CPU of one scenario, averaged over the profiled rounds. */
interface Profiled {
  self: Map<string, number>;
  inclusive: Map<string, number>;
  rps: number[];
}

const ROUTE_CODE = /sdk\/|express\/dist|fastify\/dist|hono\/dist|nestjs\/dist|bench\/src/;

function report(id: string, p: Profiled): void {
  const busy = [...p.self.values()].reduce((a, b) => a + b, 0);
  const rows = (map: Map<string, number>, filter: (name: string) => boolean) =>
    [...map]
      .filter(([name]) => filter(name))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([name, us]) => `\n${us.toFixed(1).padStart(7)} µs  ${name}`);
  console.log(
    `\n== ${id}: ${p.rps.map(Math.round).join(' / ')} req/s, ${busy.toFixed(1)} µs of main-thread CPU per request`,
  );
  console.log('Self time per request:', ...rows(p.self, () => true));
  console.log(
    'Inclusive time per request in @klarefi code and the hand-written route:',
    ...rows(p.inclusive, (n) => ROUTE_CODE.test(n)),
  );
}

/**
 * Profiles the scenario and its counterpart (adapter ↔ baseline, or the kind named), each in its own process,
 * in alternating rounds so that both see the same machine, and prints both.
 */
async function main(): Promise<void> {
  const [id = 'fastify:adapter', seconds = '3', roundsArg = '3', other] = process.argv.slice(2);
  const [framework, kind] = id.split(':');
  const ids = [id, `${framework}:${other ?? (kind === 'adapter' ? 'baseline' : 'adapter')}`];
  process.on('exit', killAllChildren);
  const children = await Promise.all(ids.map((one) => startChild([one], { secret: SECRET })));
  const body = eventBody(1024);
  const results = ids.map((): Profiled => ({ self: new Map(), inclusive: new Map(), rps: [] }));
  const rounds = Number(roundsArg);
  try {
    for (let round = 0; round < rounds; round++) {
      for (const i of round % 2 === 0 ? [0, 1] : [1, 0]) {
        const child = children[i] as (typeof children)[number];
        const url = `http://127.0.0.1:${(child.info[ids[i] as string] as { port: number }).port}${WEBHOOK_PATH}`;
        await load({
          url,
          method: 'POST',
          ...deliveryFor((ids[i] as string).split(':')[1] as string, body),
          connections: 10,
          duration: 1,
          warmup: true,
        });
        await child.profile('start');
        const run = await load({
          url,
          method: 'POST',
          ...deliveryFor((ids[i] as string).split(':')[1] as string, body),
          connections: 10,
          duration: Number(seconds),
        });
        const { self, inclusive } = perRequest((await child.profile('stop')) as CpuProfile, run.ok);
        const result = results[i] as Profiled;
        add(result.self, self, 1 / rounds);
        add(result.inclusive, inclusive, 1 / rounds);
        result.rps.push(run.rps);
      }
    }
  } finally {
    await Promise.all(children.map((child) => child.close()));
  }
  for (const [i, one] of ids.entries()) report(one, results[i] as Profiled);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
