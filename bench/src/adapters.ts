import type { Fleet } from './fleet.js';
import { load } from './load.js';
import { eventBody, signedDelivery } from './payloads.js';
import { WEBHOOK_PATH } from './servers/common.js';
import { formatMs, formatRate, formatRatio, median, pairedRatio, roundOrder, verdict } from './stats.js';
import type { Section } from './table.js';

/** Load settings of parts 2 and 3. */
export interface LoadConfig {
  rounds: number;
  /** Seconds per measured run. */
  duration: number;
  /** Seconds of unmeasured load per server before the first round. */
  warmup: number;
  connections: number;
}

/** One server's numbers, one entry per round. */
export interface Runs {
  rps: number[];
  p99: number[];
  /** The server process's CPU time per answered request, in microseconds. */
  cpuPerRequest: number[];
}

/** Per framework: adapter and baseline. */
export interface AdapterResult {
  framework: string;
  adapter: Runs;
  baseline: Runs;
}

const KINDS = ['adapter', 'baseline'] as const;

/** Part 2: each adapter's webhook route against a hand-written route in the same framework, interleaved. */
export async function benchAdapters(
  fleet: Fleet,
  frameworks: string[],
  config: LoadConfig,
): Promise<AdapterResult[]> {
  const body = eventBody(1024);
  // Signed right before each run, so a long bench never drifts out of the 300 s tolerance.
  async function run(id: string, warmup: boolean) {
    const before = await fleet.cpuMicros(id);
    const result = await load({
      url: `${fleet.servers.get(id)}${WEBHOOK_PATH}`,
      method: 'POST',
      ...signedDelivery(body),
      connections: config.connections,
      duration: warmup ? config.warmup : config.duration,
      warmup,
    });
    return { ...result, cpuPerRequest: ((await fleet.cpuMicros(id)) - before) / result.ok };
  }
  const results: AdapterResult[] = [];
  for (const framework of frameworks) {
    const result: AdapterResult = {
      framework,
      adapter: { rps: [], p99: [], cpuPerRequest: [] },
      baseline: { rps: [], p99: [], cpuPerRequest: [] },
    };
    for (const kind of KINDS) await run(`${framework}:${kind}`, true);
    for (let round = 0; round < config.rounds; round++) {
      for (const kind of roundOrder(KINDS, round)) {
        const { rps, p99, cpuPerRequest } = await run(`${framework}:${kind}`, false);
        result[kind].rps.push(rps);
        result[kind].p99.push(p99);
        result[kind].cpuPerRequest.push(cpuPerRequest);
      }
    }
    results.push(result);
  }
  return results;
}

/** The table of part 2. */
export function adapterSection(results: AdapterResult[], config: LoadConfig): Section {
  return {
    title: '2. Adapter overhead (webhook route)',
    method:
      `autocannon (programmatic API, ${config.connections} connections, no pipelining) on 127.0.0.1 against each ` +
      "adapter's `POST /webhooks/klarefi` and against a hand-written route in the same framework that does the same work " +
      '(raw body, header parse, timestamp window, HMAC-SHA256, timingSafeEqual, JSON.parse, 200 `{"received":true}`; ' +
      'bench/src/servers/). 1 KB signed `v1.case.completed` body, re-signed before every run. Each server runs in a child ' +
      'process of its own, as in an app: the load generator never shares its event loop, and no code is shared with ' +
      `another framework's server (which would make the JIT's type feedback polymorphic). ${config.rounds} rounds of ${config.duration} s per server, adapter and baseline ` +
      `alternating (the order rotates each round), after ${config.warmup} s of warm-up each; median req/s, median of ` +
      "per-round ratios, median p99. `CPU µs/req` is the server process's CPU time per answered request (user + system), " +
      'which load from other processes cannot inflate; `CPU ratio` is baseline ÷ adapter µs, so like the req/s ratio ' +
      'higher is better. Adapters run with `webhook: { dedupe: false }` and a no-op `case.completed` handler: autocannon ' +
      'repeats one body, and with dedupe on every request after the first would take the shorter "already processed" ' +
      'path, which the baseline has no equivalent of (varying the body per request would put signing work in the load ' +
      "generator's loop instead). Dedupe costs one in-memory Map claim and one complete per delivery by default. Any " +
      'non-2xx answer fails the bench.',
    headers: [
      'framework',
      'adapter req/s',
      'baseline req/s',
      'ratio',
      'adapter p99 ms',
      'baseline p99 ms',
      'adapter CPU µs/req',
      'baseline CPU µs/req',
      'CPU ratio',
      'target',
      'result',
    ],
    rows: results.map((r) => {
      const ratio = pairedRatio(r.adapter.rps, r.baseline.rps);
      return [
        r.framework,
        formatRate(median(r.adapter.rps)),
        formatRate(median(r.baseline.rps)),
        formatRatio(ratio),
        formatMs(median(r.adapter.p99)),
        formatMs(median(r.baseline.p99)),
        formatRate(median(r.adapter.cpuPerRequest)),
        formatRate(median(r.baseline.cpuPerRequest)),
        formatRatio(pairedRatio(r.baseline.cpuPerRequest, r.adapter.cpuPerRequest)),
        '≥ 0.90×',
        verdict(ratio, { atLeast: 0.9 }),
      ];
    }),
    notes: results.flatMap((r) => missNote(r)),
  };
}

/** For a missed row: whether the server's CPU per request says the adapter costs more, or the run was noise. */
function missNote(r: AdapterResult): string[] {
  if (pairedRatio(r.adapter.rps, r.baseline.rps) >= 0.9) return [];
  const cpu = pairedRatio(r.baseline.cpuPerRequest, r.adapter.cpuPerRequest);
  const extra = median(r.adapter.cpuPerRequest) - median(r.baseline.cpuPerRequest);
  if (cpu >= 0.9 || extra <= 0) {
    return [
      `${r.framework}: req/s missed but CPU per request did not (${formatRatio(cpu)}, medians ` +
        `${formatRate(median(r.adapter.cpuPerRequest))} vs ${formatRate(median(r.baseline.cpuPerRequest))} µs): the rate ` +
        'moved with other load on the two cores, not with adapter cost. Rerun, or compare the CPU ratio.',
    ];
  }
  return [
    `${r.framework}: the adapter costs about ${Math.round(extra)} µs more CPU per request than the baseline ` +
      `(${formatRatio(cpu)}). \`pnpm --filter @klarefi/bench profile ${r.framework}:adapter 5\` shows where.`,
  ];
}
