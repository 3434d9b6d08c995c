import type { Fleet } from './fleet.js';
import { load } from './load.js';
import { deliveryFor, eventBody } from './payloads.js';
import { WEBHOOK_PATH } from './servers/common.js';
import { KINDS } from './servers/index.js';
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

/** Per framework: the adapter, the hand-written baseline and the peer route on `standardwebhooks`. */
export interface AdapterResult {
  framework: string;
  adapter: Runs;
  baseline: Runs;
  peer: Runs;
}

/**
 * Part 2: each adapter's webhook route against a hand-written route and a route on
 * `standardwebhooks` in the same framework, interleaved.
 */
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
      ...deliveryFor(id.split(':')[1] as string, body),
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
      peer: { rps: [], p99: [], cpuPerRequest: [] },
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

/** CPU per request of `other` ÷ the adapter's, per round: higher is better for the adapter. */
const cpuRatio = (r: AdapterResult, other: 'baseline' | 'peer') =>
  pairedRatio(r[other].cpuPerRequest, r.adapter.cpuPerRequest);

const TARGET = { baseline: 0.9, peer: 1.0 };

/** The table of part 2. */
export function adapterSection(results: AdapterResult[], config: LoadConfig): Section {
  return {
    title: '2. Adapter overhead (webhook route)',
    method:
      `autocannon (programmatic API, ${config.connections} connections, no pipelining) on 127.0.0.1 against three ` +
      "routes per framework: the adapter's `POST /webhooks/klarefi`; a hand-written route that does the same work " +
      '(raw body, header parse, timestamp window, HMAC-SHA256, timingSafeEqual, JSON.parse, 200 `{"received":true}`; ' +
      'bench/src/servers/), the floor; and a peer route built on the verifier most webhook senders ship, ' +
      '`standardwebhooks` (`new Webhook(secret).verify(payload, headers)`, the Standard Webhooks / Svix scheme), fed the ' +
      'same bytes under its own headers (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`) and a ' +
      '`whsec_` secret holding the same key bytes. 1 KB signed `v1.case.completed` body, re-signed before every run. Each ' +
      'server runs in a child process of its own, as in an app: the load generator never shares its event loop, and no ' +
      "code is shared with another framework's server (which would make the JIT's type feedback polymorphic). " +
      `${config.rounds} rounds of ${config.duration} s per server, the three alternating (the order rotates each round), ` +
      `after ${config.warmup} s of warm-up each; median req/s, median p99 (adapter / baseline / peer). ` +
      "`CPU µs/req` is the server process's CPU time per answered request (user + system), which load from other " +
      'processes cannot inflate, so the targets are judged on it: `adapter ÷ baseline` and `adapter ÷ peer` are the ' +
      "other route's µs ÷ the adapter's µs, median of per-round ratios (requests per CPU second, higher is better); " +
      '`req/s ÷ baseline` is the same for throughput, which a busy machine makes noisy. Adapters run with ' +
      '`webhook: { dedupe: false }` and a no-op `case.completed` handler: autocannon repeats one body, and with dedupe ' +
      'on every request after the first would take the shorter "already processed" path, which the other routes have ' +
      "no equivalent of (varying the body per request would put signing work in the load generator's loop instead). " +
      'Dedupe costs one in-memory Map claim and one complete per delivery by default. Any non-2xx answer fails the bench.',
    headers: [
      'framework',
      'adapter req/s',
      'baseline req/s',
      'peer req/s',
      'p99 ms a / b / p',
      'adapter CPU µs/req',
      'baseline CPU µs/req',
      'peer CPU µs/req',
      'req/s ÷ baseline',
      'adapter ÷ baseline',
      'target',
      'result',
      'adapter ÷ peer',
      'target',
      'result',
    ],
    rows: results.map((r) => [
      r.framework,
      formatRate(median(r.adapter.rps)),
      formatRate(median(r.baseline.rps)),
      formatRate(median(r.peer.rps)),
      [r.adapter, r.baseline, r.peer].map((runs) => formatMs(median(runs.p99))).join(' / '),
      formatRate(median(r.adapter.cpuPerRequest)),
      formatRate(median(r.baseline.cpuPerRequest)),
      formatRate(median(r.peer.cpuPerRequest)),
      formatRatio(pairedRatio(r.adapter.rps, r.baseline.rps)),
      formatRatio(cpuRatio(r, 'baseline')),
      `≥ ${formatRatio(TARGET.baseline)}`,
      verdict(cpuRatio(r, 'baseline'), { atLeast: TARGET.baseline }),
      formatRatio(cpuRatio(r, 'peer')),
      `≥ ${formatRatio(TARGET.peer)}`,
      verdict(cpuRatio(r, 'peer'), { atLeast: TARGET.peer }),
    ]),
    notes: results.flatMap((r) => missNotes(r)),
  };
}

/** For a missed target: how many µs of CPU per request the adapter costs over the other route, and how to see where. */
function missNotes(r: AdapterResult): string[] {
  return (['baseline', 'peer'] as const)
    .filter((other) => cpuRatio(r, other) < TARGET[other])
    .map((other) => {
      const extra = median(r.adapter.cpuPerRequest) - median(r[other].cpuPerRequest);
      const route = other === 'peer' ? 'the `standardwebhooks` route' : 'the hand-written route';
      // The rounds' own spread says whether a miss is outside this machine's noise.
      const rounds = r[other].cpuPerRequest.map((value, i) => value / (r.adapter.cpuPerRequest[i] as number));
      return (
        `${r.framework}: the adapter costs about ${Math.round(extra)} µs more CPU per request than ${route} ` +
        `(${formatRatio(cpuRatio(r, other))}; single rounds ${formatRatio(Math.min(...rounds))} to ${formatRatio(Math.max(...rounds))}). ` +
        `\`pnpm --filter @klarefi/bench profile ${r.framework}:adapter 5 3 ${other}\` shows where.`
      );
    });
}
