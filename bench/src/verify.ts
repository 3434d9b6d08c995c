import { Buffer } from 'node:buffer';
import { constructEvent, constructEventAsync } from '@klarefi/sdk';
import Stripe from 'stripe';
import { floorVerify } from './floor.js';
import { calibrate, opsPerSecond, opsPerSecondAsync, sinkValue } from './loops.js';
import { eventBody, SECRET, signHeader } from './payloads.js';
import { formatRate, formatRatio, median, pairedRatio, roundOrder, verdict } from './stats.js';
import type { Section } from './table.js';

/** How long and how often each contender runs. */
export interface VerifyConfig {
  sizes: number[];
  rounds: number;
  /** Length of one timed batch. */
  batchMs: number;
  warmupMs: number;
}

type Contender = { name: string; run: () => unknown; async: boolean };

function contenders(body: Buffer, header: () => string): { sync: Contender[]; async: Contender[] } {
  const subtle = Stripe.createSubtleCryptoProvider();
  return {
    sync: [
      { name: 'floor (node:crypto by hand)', async: false, run: () => floorVerify(body, header(), SECRET) },
      { name: '@klarefi/sdk constructEvent', async: false, run: () => constructEvent(body, header(), SECRET) },
      { name: 'stripe webhooks.constructEvent', async: false, run: () => Stripe.webhooks.constructEvent(body, header(), SECRET) },
    ],
    async: [
      { name: '@klarefi/sdk constructEventAsync', async: true, run: () => constructEventAsync(body, header(), SECRET) },
      {
        name: 'stripe constructEventAsync (SubtleCrypto)',
        async: true,
        run: () => Stripe.webhooks.constructEventAsync(body, header(), SECRET, undefined, subtle),
      },
    ],
  };
}

async function measureGroup(group: Contender[], config: VerifyConfig, resign: () => void): Promise<Map<string, number[]>> {
  const chunks = new Map<string, number>();
  for (const c of group) {
    const result = (await c.run()) as { event_type?: unknown };
    if (result?.event_type !== 'v1.case.completed') throw new Error(`${c.name} did not return the event.`);
    const chunk = await calibrate(c.run);
    chunks.set(c.name, chunk);
    if (c.async) await opsPerSecondAsync(c.run as () => Promise<unknown>, config.warmupMs, chunk);
    else opsPerSecond(c.run, config.warmupMs, chunk);
  }
  const rates = new Map<string, number[]>(group.map((c) => [c.name, []]));
  for (let round = 0; round < config.rounds; round++) {
    resign();
    for (const c of roundOrder(group, round)) {
      const chunk = chunks.get(c.name) as number;
      const rate = c.async
        ? await opsPerSecondAsync(c.run as () => Promise<unknown>, config.batchMs, chunk)
        : opsPerSecond(c.run, config.batchMs, chunk);
      rates.get(c.name)?.push(rate);
    }
  }
  return rates;
}

/** The numbers of part 1, per payload size. */
export interface VerifyResult {
  size: number;
  rates: Map<string, number[]>;
}

/** Part 1: verification throughput, interleaved rounds, medians and paired ratios. */
export async function benchVerify(config: VerifyConfig): Promise<VerifyResult[]> {
  const results: VerifyResult[] = [];
  for (const size of config.sizes) {
    const body = Buffer.from(eventBody(size));
    let header = signHeader(body);
    const resign = () => {
      header = signHeader(body);
    };
    const { sync, async } = contenders(body, () => header);
    const rates = new Map([...(await measureGroup(sync, config, resign)), ...(await measureGroup(async, config, resign))]);
    results.push({ size, rates });
  }
  if (sinkValue() < 0) console.log('unreachable');
  return results;
}

const get = (r: VerifyResult, prefix: string) => {
  for (const [name, values] of r.rates) if (name.startsWith(prefix)) return values;
  throw new Error(`no contender named ${prefix}`);
};

/** The table of part 1, with the targets. */
export function verifySection(results: VerifyResult[], rounds: number): Section {
  const rows: string[][] = [];
  for (const r of results) {
    const floor = get(r, 'floor');
    const ours = get(r, '@klarefi/sdk constructEvent');
    const stripe = get(r, 'stripe webhooks.constructEvent');
    const oursAsync = get(r, '@klarefi/sdk constructEventAsync');
    const stripeAsync = get(r, 'stripe constructEventAsync');
    const kb = `${r.size / 1024} KB`;
    const vsFloor = pairedRatio(ours, floor);
    const vsStripe = pairedRatio(ours, stripe);
    const vsStripeAsync = pairedRatio(oursAsync, stripeAsync);
    rows.push([kb, 'constructEvent / floor', formatRate(median(ours)), formatRate(median(floor)), formatRatio(vsFloor), '≥ 0.90×', verdict(vsFloor, { atLeast: 0.9 })]);
    rows.push([kb, 'constructEvent / stripe', formatRate(median(ours)), formatRate(median(stripe)), formatRatio(vsStripe), '≥ 1.00×', verdict(vsStripe, { atLeast: 1 })]);
    rows.push([kb, 'constructEventAsync / stripe async', formatRate(median(oursAsync)), formatRate(median(stripeAsync)), formatRatio(vsStripeAsync), '≥ 3.00×', verdict(vsStripeAsync, { atLeast: 3 })]);
  }
  return {
    title: '1. Webhook verification',
    method:
      `Operations per second of one full verification (header parse, timestamp window, HMAC-SHA256 over the raw Buffer, ` +
      `constant-time compare, JSON.parse) on a signed \`v1.case.completed\` body. Each contender is warmed up, then runs ` +
      `${rounds} interleaved rounds of timed batches (the order rotates each round); the table shows median ops/s and the median ` +
      `of the per-round ratios. The floor is hand-written node:crypto code in the bench. Async calls are awaited one at a time; ` +
      `stripe's async path uses \`Stripe.createSubtleCryptoProvider()\`.`,
    headers: ['body', 'comparison', 'ours ops/s', 'theirs ops/s', 'ratio', 'target', 'result'],
    rows,
    notes: [],
  };
}
