import type { LoadConfig } from './adapters.js';
import type { Fleet } from './fleet.js';
import { load } from './load.js';
import { START_CLAIM_PATH } from './servers/common.js';
import { formatMs, formatRate, formatRatio, median, pairedRatio, roundOrder } from './stats.js';
import type { Section } from './table.js';

const DIRECT = 'createSession (direct)';

/** Per contender (`createSession (direct)` or a framework): req/s and p99 of each round. */
export type StartClaimResult = Map<string, { rps: number[]; p99: number[] }>;

/** Part 3: `GET /start-claim` through each adapter against calling `createSession` directly, interleaved. */
export async function benchStartClaim(
  fleet: Fleet,
  frameworks: string[],
  config: LoadConfig,
): Promise<StartClaimResult> {
  const contenders = [DIRECT, ...frameworks];
  const run = (name: string, warmup: boolean) => {
    const duration = warmup ? config.warmup : config.duration;
    if (name === DIRECT) return fleet.direct(config.connections, duration);
    const url = `${fleet.servers.get(`${name}:adapter`)}${START_CLAIM_PATH}`;
    return load({ url, method: 'GET', connections: config.connections, duration, okClass: 3, warmup });
  };
  const results: StartClaimResult = new Map(contenders.map((name) => [name, { rps: [], p99: [] }]));
  // The emulator and a client's fetch stack take about 10 s of load to reach steady speed (JIT,
  // pools): measured here, a cold start runs 5× slower for the first seconds.
  await fleet.direct(config.connections, config.warmup * 10);
  for (const name of contenders) await run(name, true);
  for (let round = 0; round < config.rounds; round++) {
    for (const name of roundOrder(contenders, round)) {
      const result = await run(name, false);
      results.get(name)?.rps.push(result.rps);
      results.get(name)?.p99.push(result.p99);
    }
  }
  return results;
}

/** The table of part 3. */
export function startClaimSection(results: StartClaimResult, config: LoadConfig): Section {
  const direct = results.get(DIRECT) as { rps: number[]; p99: number[] };
  return {
    title: '3. Start-claim through each adapter',
    method:
      `\`GET /start-claim\` (303 to the emulator's signed_url) through each adapter, driven by autocannon with ` +
      `${config.connections} connections, against ${config.connections} concurrent loops calling \`client.createSession()\` ` +
      "directly, from a process that runs nothing else (a `KlarefiClient` with the adapters' options, so the same fetch " +
      'stack). The emulator (`startEmulator`, rate limit lifted) and each adapter run in processes of their own. ' +
      `${config.rounds} interleaved rounds of ${config.duration} s (the order rotates each round), after ${config.warmup * 10} s ` +
      `of direct calls to bring the emulator and the client stack to steady speed and ${config.warmup} s of warm-up each; ` +
      'median req/s, median of per-round ratios, median p99. The ratio is what the adapter route costs on ' +
      'top of the API call: the route itself, the extra HTTP hop and the load generator, which shares the two cores. ' +
      'There is no target for this part.',
    headers: ['path', 'req/s', 'ratio to direct', 'p99 ms'],
    rows: [...results].map(([name, r]) => [
      name === DIRECT ? name : `${name} adapter`,
      formatRate(median(r.rps)),
      name === DIRECT ? '1.00×' : formatRatio(pairedRatio(r.rps, direct.rps)),
      formatMs(median(r.p99)),
    ]),
    notes: [],
  };
}
