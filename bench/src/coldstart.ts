import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eventBody, SECRET, signHeader } from './payloads.js';
import { formatMs, formatRatio, median, pairedRatio, roundOrder } from './stats.js';
import type { Section } from './table.js';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./coldstart/child.mjs', import.meta.url));
const KINDS = ['adapter', 'floor'] as const;

/** One cold start: import + handler built, then the first delivery; memory after it. */
export interface ColdStart {
  importMs: number;
  firstMs: number;
  rssBytes: number;
  heapUsed: number;
}

/** Per platform: each side's cold starts, one per round. */
export interface ColdStartResult {
  platform: string;
  adapter: ColdStart[];
  floor: ColdStart[];
}

/** A signed delivery as an HTTP API (payload 2.0) hands it over: base64-encoded, lower-case headers. */
function lambdaEvent(): string {
  const body = eventBody(1024);
  return JSON.stringify({
    version: '2.0',
    routeKey: '$default',
    rawPath: '/webhooks/klarefi',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'x-klarefi-signature': signHeader(body) },
    requestContext: { http: { method: 'POST', path: '/webhooks/klarefi' }, stage: '$default' },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  });
}

async function coldStart(kind: (typeof KINDS)[number]): Promise<ColdStart> {
  const env = { ...process.env, COLDSTART_EVENT: lambdaEvent(), COLDSTART_SECRET: SECRET };
  const { stdout } = await run(process.execPath, [CHILD, kind], {
    env,
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  return JSON.parse(stdout.trim()) as ColdStart;
}

/** Cold starts of `klarefiLambda` against the hand-written floor, a fresh process each, interleaved. */
export async function benchColdStart(rounds: number): Promise<ColdStartResult[]> {
  const result: ColdStartResult = { platform: 'AWS Lambda (HTTP API, base64 body)', adapter: [], floor: [] };
  for (let round = 0; round < rounds; round++) {
    for (const kind of roundOrder(KINDS, round)) result[kind].push(await coldStart(kind));
  }
  return [result];
}

const total = (c: ColdStart) => c.importMs + c.firstMs;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The cold-start table. */
export function coldStartSection(results: ColdStartResult[], rounds: number): Section {
  return {
    title: '6. Cold start (function platforms)',
    method:
      `A fresh Node process per cold start (${rounds} each, interleaved): import the handler's module and build the ` +
      'handler, then answer one signed 1 KB delivery (base64-encoded as an HTTP API sends binary bodies). The floor ' +
      '(`src/coldstart/lambda-floor.mjs`) is the handler a careful integrator writes with node:crypto for the same ' +
      'event. Times are medians; memory is the resident set grown since the process started, and the JS heap in use, ' +
      'after the first delivery.',
    headers: [
      'platform',
      'adapter import + first',
      'floor import + first',
      'ratio',
      'adapter RSS / heap',
      'floor RSS / heap',
    ],
    rows: results.map((r) => [
      r.platform,
      `${formatMs(median(r.adapter.map((c) => c.importMs)))} + ${formatMs(median(r.adapter.map((c) => c.firstMs)))}`,
      `${formatMs(median(r.floor.map((c) => c.importMs)))} + ${formatMs(median(r.floor.map((c) => c.firstMs)))}`,
      formatRatio(pairedRatio(r.adapter.map(total), r.floor.map(total))),
      `${mb(median(r.adapter.map((c) => c.rssBytes)))} / ${mb(median(r.adapter.map((c) => c.heapUsed)))}`,
      `${mb(median(r.floor.map((c) => c.rssBytes)))} / ${mb(median(r.floor.map((c) => c.heapUsed)))}`,
    ]),
    notes: [],
  };
}
