import { KlarefiClient } from '@klarefi/sdk';
import type { LoadConfig } from './adapters.js';
import type { Fleet } from './fleet.js';
import { type LoadResult, load } from './load.js';
import { START_CLAIM_PATH } from './servers/common.js';
import { formatMs, formatRate, formatRatio, median, pairedRatio, roundOrder } from './stats.js';
import type { Section } from './table.js';

const DIRECT = 'createSession (direct)';

/** Per contender (`createSession (direct)` or a framework): req/s and p99 of each round. */
export type StartClaimResult = Map<string, { rps: number[]; p99: number[] }>;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

/**
 * `connections` concurrent loops calling `client.createSession` for `duration` seconds from this
 * process: the same API calls an adapter makes, without the adapter and its HTTP hop.
 */
export async function directCreateSession(
  client: KlarefiClient,
  connections: number,
  duration: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + duration * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const session = await client.createSession({ case_type_id: 'motor_claim' });
        if (!session.signed_url) throw new Error('createSession answered without a signed_url.');
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return { rps: latencies.length / elapsed, ok: latencies.length, p99: percentile(latencies, 99), failed: 0 };
}

/** Part 3: `GET /start-claim` through each adapter against calling `createSession` directly, interleaved. */
export async function benchStartClaim(
  fleet: Fleet,
  frameworks: string[],
  config: LoadConfig,
): Promise<StartClaimResult> {
  const client = new KlarefiClient({ apiKey: fleet.emulator.apiKey, baseUrl: fleet.emulator.url });
  const contenders = [DIRECT, ...frameworks];
  const run = (name: string, warmup: boolean) => {
    const duration = warmup ? config.warmup : config.duration;
    if (name === DIRECT) return directCreateSession(client, config.connections, duration);
    const url = `${fleet.servers.get(`${name}:adapter`)}${START_CLAIM_PATH}`;
    return load({ url, method: 'GET', connections: config.connections, duration, okClass: 3, warmup });
  };
  const results: StartClaimResult = new Map(contenders.map((name) => [name, { rps: [], p99: [] }]));
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
      `directly from the bench process. The emulator (\`startEmulator\`, rate limit lifted) runs in its own process, as does ` +
      `each adapter. ${config.rounds} interleaved rounds of ${config.duration} s; median req/s and median of per-round ratios. ` +
      'The ratio is the cost of the adapter plus its extra HTTP hop; the emulator is the bottleneck of both paths.',
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
