/**
 * `pnpm bench [--quick] [--only=verify,adapters,startclaim,weight,queue,stores,coldstart] [--frameworks=express,nestjs-express] [--no-write]`
 * Prints every table and writes bench/RESULTS.md.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { adapterSection, benchAdapters, type LoadConfig } from './adapters.js';
import { benchColdStart, coldStartSection } from './coldstart.js';
import { findings } from './findings.js';
import { startFleet } from './fleet.js';
import { describeMachine, loadAverage } from './machine.js';
import { killAllChildren } from './processes.js';
import { benchQueue, queueSection } from './queue.js';
import { FRAMEWORKS } from './servers/index.js';
import { benchStartClaim, startClaimSection } from './startclaim.js';
import { benchStores, storesSection } from './stores.js';
import { renderSection, type Section } from './table.js';
import { benchVerify, verifySection } from './verify.js';
import { benchWeight } from './weight.js';
import { weightSection } from './weight-report.js';

const PARTS = ['verify', 'adapters', 'startclaim', 'weight', 'queue', 'stores', 'coldstart'] as const;
const RESULTS = fileURLToPath(new URL('../RESULTS.md', import.meta.url));

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    frameworks: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});
const only = values.only ? values.only.split(',') : [...PARTS];
for (const part of only) {
  if (!(PARTS as readonly string[]).includes(part))
    throw new Error(`Unknown part "${part}"; --only takes ${PARTS.join(',')}.`);
}
const quick = values.quick;
const verifyConfig = quick
  ? { sizes: [1024, 16384, 262144], rounds: 7, batchMs: 40, warmupMs: 100 }
  : { sizes: [1024, 16384, 262144], rounds: 21, batchMs: 100, warmupMs: 300 };
const loadConfig: LoadConfig = quick
  ? { rounds: 2, duration: 0.5, warmup: 0.7, connections: 10 }
  : { rounds: 7, duration: 2, warmup: 2, connections: 10 };
const startClaimConfig: LoadConfig = quick
  ? { ...loadConfig, warmup: 0.3 }
  : { ...loadConfig, rounds: 5, warmup: 1 };
const importRounds = quick ? 3 : 11;
const frameworks = values.frameworks ? values.frameworks.split(',') : FRAMEWORKS.map((f) => f.name);
for (const name of frameworks) {
  if (!FRAMEWORKS.some((f) => f.name === name))
    throw new Error(
      `Unknown framework "${name}"; --frameworks takes ${FRAMEWORKS.map((f) => f.name).join(',')}.`,
    );
}

process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}

const started = Date.now();
const loadAtStart = loadAverage();
const sections: Section[] = [];
let partStarted = Date.now();
function show(section: Section): void {
  section.notes.push(...findings(section));
  sections.push(section);
  console.log(`\n${renderSection(section)}\n\n(${((Date.now() - partStarted) / 1000).toFixed(1)} s)`);
  partStarted = Date.now();
}

console.log(
  `pnpm bench${quick ? ' --quick' : ''}: ${only.join(', ')}\n${describeMachine().join('\n')}\nLoad average: ${loadAtStart}`,
);
if (only.includes('verify')) show(verifySection(await benchVerify(verifyConfig), verifyConfig));
if (only.includes('adapters') || only.includes('startclaim')) {
  const fleet = await startFleet(frameworks);
  console.log(`\nServers started in ${((Date.now() - partStarted) / 1000).toFixed(1)} s.`);
  partStarted = Date.now();
  try {
    if (only.includes('adapters'))
      show(adapterSection(await benchAdapters(fleet, frameworks, loadConfig), loadConfig));
    if (only.includes('startclaim'))
      show(startClaimSection(await benchStartClaim(fleet, frameworks, startClaimConfig), startClaimConfig));
  } finally {
    await fleet.close();
  }
}
if (only.includes('weight')) show(await weightSection(await benchWeight(importRounds), importRounds));
if (only.includes('queue')) {
  const jobs = quick ? 2000 : 10_000;
  show(queueSection(await benchQueue(loadConfig, jobs), loadConfig, jobs));
}
if (only.includes('stores')) show(storesSection(await benchStores(loadConfig), loadConfig));
if (only.includes('coldstart')) show(coldStartSection(await benchColdStart(importRounds), importRounds));

const seconds = Math.round((Date.now() - started) / 1000);
const header = [
  '# Benchmark results',
  '',
  `Written by \`pnpm bench${quick ? ' --quick' : ''}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${seconds} s. ` +
    'Every comparison is a ratio of two contenders measured in the same run, interleaved, over several rounds; ' +
    'the ratio shown is the median of the per-round ratios. Absolute numbers depend on the machine; the ratios are the result.' +
    (quick
      ? ' This is a --quick run (fewer, shorter rounds): a smoke check, not a result; run `pnpm bench` for one.'
      : ''),
  '',
  ...describeMachine().map((line) => `- ${line}`),
  `- Load average (1 / 5 / 15 min): ${loadAtStart} at the start, ${loadAverage()} at the end. Other work on the machine ` +
    'lowers the absolute numbers and makes the ratios noisier.',
];
if (!values['no-write']) {
  writeFileSync(RESULTS, `${[header.join('\n'), ...sections.map(renderSection)].join('\n\n')}\n`);
  console.log(`Wrote ${RESULTS} (${seconds} s).`);
}
