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

const PLATFORMS = [
  { id: 'lambda', name: 'AWS Lambda (HTTP API event, base64 body)' },
  { id: 'azure', name: 'Azure Functions v4 (HttpRequest)' },
] as const;

async function coldStart(platform: string, side: (typeof KINDS)[number]): Promise<ColdStart> {
  const body = eventBody(1024);
  const env = {
    ...process.env,
    COLDSTART_BODY: body,
    COLDSTART_HEADER: signHeader(body),
    COLDSTART_SECRET: SECRET,
  };
  const { stdout } = await run(process.execPath, [CHILD, `${platform}:${side}`], {
    env,
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  return JSON.parse(stdout.trim()) as ColdStart;
}

/** Cold starts of each platform's adapter against its hand-written floor, a fresh process each, interleaved. */
export async function benchColdStart(rounds: number): Promise<ColdStartResult[]> {
  const results: ColdStartResult[] = [];
  for (const { id, name } of PLATFORMS) {
    const result: ColdStartResult = { platform: name, adapter: [], floor: [] };
    for (let round = 0; round < rounds; round++) {
      for (const side of roundOrder(KINDS, round)) result[side].push(await coldStart(id, side));
    }
    results.push(result);
  }
  return results;
}

const total = (c: ColdStart) => c.importMs + c.firstMs;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The cold-start table. */
export function coldStartSection(results: ColdStartResult[], rounds: number): Section {
  return {
    title: '6. Cold start (function platforms)',
    method:
      `A fresh Node process per cold start (${rounds} each, interleaved): import the handler's module and build the ` +
      'handler, then answer one signed 1 KB delivery (for Lambda an HTTP API event with the body base64-encoded, for ' +
      'Azure an HttpRequest built by @azure/functions, imported on both sides). The floors (`src/coldstart/*-floor.mjs`) ' +
      'are the handlers a careful integrator writes with node:crypto for the same input. Times are medians; memory is the resident set grown since the process started, and the JS heap in use, ' +
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
