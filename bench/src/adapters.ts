import { load } from './load.js';
import { eventBody, signedDelivery } from './payloads.js';
import type { Fleet } from './fleet.js';
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

/** Per framework: req/s and p99 of each round, adapter and baseline. */
export interface AdapterResult {
  framework: string;
  adapter: { rps: number[]; p99: number[] };
  baseline: { rps: number[]; p99: number[] };
}

/** Signs the body now, so a long run never drifts out of the 300 s tolerance. */
function webhookRun(base: string, body: string, config: LoadConfig, warmup: boolean) {
  const delivery = signedDelivery(body);
  const duration = warmup ? config.warmup : config.duration;
  return load({
    url: `${base}${WEBHOOK_PATH}`,
    method: 'POST',
    ...delivery,
    connections: config.connections,
    duration,
    warmup,
  });
}

/** Part 2: each adapter's webhook route against a hand-written route in the same framework, interleaved. */
export async function benchAdapters(
  fleet: Fleet,
  frameworks: string[],
  config: LoadConfig,
): Promise<AdapterResult[]> {
  const body = eventBody(1024);
  const results: AdapterResult[] = [];
  for (const framework of frameworks) {
    const result: AdapterResult = {
      framework,
      adapter: { rps: [], p99: [] },
      baseline: { rps: [], p99: [] },
    };
    const kinds = ['adapter', 'baseline'] as const;
    for (const kind of kinds)
      await webhookRun(fleet.servers.get(`${framework}:${kind}`) as string, body, config, true);
    for (let round = 0; round < config.rounds; round++) {
      for (const kind of roundOrder(kinds, round)) {
        const run = await webhookRun(
          fleet.servers.get(`${framework}:${kind}`) as string,
          body,
          config,
          false,
        );
        result[kind].rps.push(run.rps);
        result[kind].p99.push(run.p99);
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
      `autocannon (programmatic, ${config.connections} connections, no pipelining) on 127.0.0.1 against each adapter's ` +
      `\`POST /webhooks/klarefi\` and against a hand-written route in the same framework that does the same work (raw body, ` +
      `header parse, timestamp window, HMAC-SHA256, timingSafeEqual, JSON.parse, 200 \`{"received":true}\`). 1 KB signed ` +
      `\`v1.case.completed\` body, re-signed before every run. Each server runs in its own process. ${config.rounds} rounds of ` +
      `${config.duration} s per server, adapter and baseline alternating (order rotates each round), after ${config.warmup} s of ` +
      `warm-up each; median req/s, median of per-round ratios, median p99. Adapters run with \`webhook: { dedupe: false }\` ` +
      'and a no-op `case.completed` handler: autocannon repeats one body, so with dedupe on every request after the first ' +
      'would take the shorter "already processed" path, which the baseline has no equivalent of. Deduplication cost is a ' +
      'store lookup per delivery (an in-memory Map by default), not framework overhead. A run with any non-2xx answer fails the bench.',
    headers: [
      'framework',
      'adapter req/s',
      'baseline req/s',
      'ratio',
      'adapter p99 ms',
      'baseline p99 ms',
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
        '≥ 0.90×',
        verdict(ratio, { atLeast: 0.9 }),
      ];
    }),
    notes: [],
  };
}
