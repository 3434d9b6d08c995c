import { Buffer } from 'node:buffer';
import { fileURLToPath } from 'node:url';
import { constructEvent, constructEventAsync } from '@klarefi/sdk';
import Stripe from 'stripe';
import { floorVerify } from './floor.js';
import { calibrate, opsPerSecond, opsPerSecondAsync, type Rate, sinkValue } from './loops.js';
import { eventBody, SECRET, signHeader } from './payloads.js';
import { formatRate, formatRatio, median, pairedRatio, roundOrder, verdict } from './stats.js';
import type { Section } from './table.js';

/** How long and how often each contender runs. */
export interface VerifyConfig {
  sizes: number[];
  rounds: number;
  /** Length of one timed batch, in milliseconds. */
  batchMs: number;
  warmupMs: number;
}

type Contender = { name: string; run: () => unknown; async: boolean };

/** Contender names, as they appear in the results. */
export const FLOOR = 'floor';
export const OURS = 'constructEvent';
export const STRIPE = 'stripe constructEvent';
export const OURS_ASYNC = 'constructEventAsync';
export const OURS_ASYNC_WEB = 'constructEventAsync (web entry)';
export const STRIPE_ASYNC = 'stripe constructEventAsync';
export const PROPOSED_ASYNC = 'constructEvent in a promise';

type AsyncVerify = typeof constructEventAsync;

/**
 * The web entry (`workerd`, `browser`, ... conditions) is what Workers and browsers get; it is
 * loaded by path because Node resolves `@klarefi/sdk` to the Node entry. When both entries export
 * the same function, it is measured once.
 */
async function webEntryAsync(): Promise<AsyncVerify | null> {
  const path = fileURLToPath(new URL('../../packages/sdk/dist/web.js', import.meta.url));
  const web = (await import(path)) as { constructEventAsync: AsyncVerify };
  return web.constructEventAsync === constructEventAsync ? null : web.constructEventAsync;
}

function contenders(body: Buffer, header: () => string, web: AsyncVerify | null): Contender[] {
  const subtle = Stripe.createSubtleCryptoProvider();
  const list: Contender[] = [
    { name: FLOOR, async: false, run: () => floorVerify(body, header(), SECRET) },
    { name: OURS, async: false, run: () => constructEvent(body, header(), SECRET) },
    { name: STRIPE, async: false, run: () => Stripe.webhooks.constructEvent(body, header(), SECRET) },
    { name: OURS_ASYNC, async: true, run: () => constructEventAsync(body, header(), SECRET) },
    {
      name: STRIPE_ASYNC,
      async: true,
      run: () => Stripe.webhooks.constructEventAsync(body, header(), SECRET, undefined, subtle),
    },
  ];
  if (web) list.push({ name: OURS_ASYNC_WEB, async: true, run: () => web(body, header(), SECRET) });
  // While the Node entry's constructEventAsync is the Web Crypto one, measure the proposed
  // Node implementation too: node:crypto, its result handed back as a promise.
  else
    list.push({ name: PROPOSED_ASYNC, async: true, run: async () => constructEvent(body, header(), SECRET) });
  return list;
}

function timed(c: Contender, ms: number, chunk: number): Rate | Promise<Rate> {
  return c.async
    ? opsPerSecondAsync(c.run as () => Promise<unknown>, ms, chunk)
    : opsPerSecond(c.run, ms, chunk);
}

/** Warms each contender up, then runs interleaved rounds of timed batches. */
async function measure(
  group: Contender[],
  config: VerifyConfig,
  resign: () => void,
): Promise<Map<string, Rate[]>> {
  const chunks = new Map<string, number>();
  for (const c of group) {
    const result = (await c.run()) as { event_type?: unknown };
    if (result?.event_type !== 'v1.case.completed') throw new Error(`${c.name} did not return the event.`);
    const chunk = await calibrate(c.run);
    chunks.set(c.name, chunk);
    await timed(c, config.warmupMs, chunk);
  }
  const rates = new Map<string, Rate[]>(group.map((c) => [c.name, []]));
  for (let round = 0; round < config.rounds; round++) {
    resign();
    for (const c of roundOrder(group, round)) {
      rates.get(c.name)?.push(await timed(c, config.batchMs, chunks.get(c.name) as number));
    }
  }
  return rates;
}

/** Ops/s of every round, by contender, for one body size. */
export interface VerifyResult {
  size: number;
  rates: Map<string, Rate[]>;
}

/** Part 1: verification throughput per body size. Sync and async contenders interleave as one group. */
export async function benchVerify(config: VerifyConfig): Promise<VerifyResult[]> {
  const web = await webEntryAsync();
  const results: VerifyResult[] = [];
  for (const size of config.sizes) {
    const body = Buffer.from(eventBody(size));
    let header = signHeader(body);
    const resign = () => {
      header = signHeader(body);
    };
    results.push({
      size,
      rates: await measure(
        contenders(body, () => header, web),
        config,
        resign,
      ),
    });
  }
  if (sinkValue() < 0) console.log('unreachable');
  return results;
}

// Sync verification is CPU work on one thread: judged on ops per CPU-second, which other
// processes cannot inflate. Async verification waits on the thread pool: judged on wall time.
const COMPARISONS: Array<{
  ours: string;
  theirs: string;
  label: string;
  atLeast: number | null;
  clock: keyof Rate;
}> = [
  { ours: OURS, theirs: FLOOR, label: 'constructEvent / floor', atLeast: 0.9, clock: 'cpu' },
  { ours: OURS, theirs: STRIPE, label: 'constructEvent / stripe', atLeast: 1, clock: 'cpu' },
  {
    ours: OURS_ASYNC,
    theirs: STRIPE_ASYNC,
    label: 'constructEventAsync / stripe async',
    atLeast: 3,
    clock: 'wall',
  },
  {
    ours: OURS_ASYNC_WEB,
    theirs: STRIPE_ASYNC,
    label: 'constructEventAsync (web entry) / stripe async',
    atLeast: 3,
    clock: 'wall',
  },
  {
    ours: PROPOSED_ASYNC,
    theirs: STRIPE_ASYNC,
    label: 'proposal: constructEvent in a promise / stripe async',
    atLeast: null,
    clock: 'wall',
  },
];

/** The table of part 1, with the targets. */
export function verifySection(results: VerifyResult[], config: VerifyConfig): Section {
  const rows: string[][] = [];
  for (const r of results) {
    for (const c of COMPARISONS) {
      const oursRates = r.rates.get(c.ours);
      const theirsRates = r.rates.get(c.theirs) as Rate[];
      if (!oursRates) continue;
      const ours = oursRates.map((x) => x[c.clock]);
      const theirs = theirsRates.map((x) => x[c.clock]);
      const ratio = pairedRatio(ours, theirs);
      const wallRatio = pairedRatio(
        oursRates.map((x) => x.wall),
        theirsRates.map((x) => x.wall),
      );
      rows.push([
        `${r.size / 1024} KB`,
        c.label,
        c.clock,
        formatRate(median(ours)),
        formatRate(median(theirs)),
        formatRatio(ratio),
        c.clock === 'cpu' ? formatRatio(wallRatio) : '',
        c.atLeast === null ? '' : `≥ ${c.atLeast.toFixed(2)}×`,
        c.atLeast === null ? 'info' : verdict(ratio, { atLeast: c.atLeast }),
      ]);
    }
  }
  return {
    title: '1. Webhook verification',
    method:
      'Operations per second of one full verification (header parse, timestamp window, HMAC-SHA256 over the raw Buffer, ' +
      'constant-time compare, JSON.parse) of a signed `v1.case.completed` body, in one process. Each contender is warmed ' +
      `up, then all run ${config.rounds} interleaved rounds of ${config.batchMs} ms batches (the order rotates each round); ` +
      'the table shows median ops/s and the median of the per-round ratios. Sync contenders are pure CPU work on one ' +
      'thread, so they are judged per second of process CPU time (`clock: cpu`), which other processes on the machine ' +
      'cannot inflate; the wall-clock ratio is shown beside it. Async contenders wait on the libuv thread pool, so they are ' +
      'judged on wall-clock time. The floor is hand-written node:crypto code ' +
      "(bench/src/floor.ts). Async calls are awaited one at a time; stripe's async path uses " +
      '`Stripe.createSubtleCryptoProvider()`. `constructEventAsync` on Node is what `@klarefi/sdk` resolves to there; the ' +
      'web-entry row (shown only when it is a different function) is what Workers and browsers get. While both entries ' +
      'share the Web Crypto implementation, the `proposal` row measures node:crypto verification returned as a promise, ' +
      'the change proposed below.',
    headers: [
      'body',
      'comparison',
      'clock',
      'ours ops/s',
      'theirs ops/s',
      'ratio',
      'wall ratio',
      'target',
      'result',
    ],
    rows,
    notes: [],
  };
}
