import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { formatBytes, formatMs, median, roundOrder, verdict } from './stats.js';
import type { Section } from './table.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

/** One package whose ESM entry is weighed and timed. */
export interface WeighedPackage {
  name: string;
  /** Its folder under the repo root. */
  dir: string;
  /** The ESM entry relative to `dir`. */
  entry: string;
  platform: 'node' | 'neutral';
  /** Left out of the bundle: its framework (a peer) and, for adapters, `@klarefi/sdk`. */
  external: string[];
  /** Imported first in the import-time process, so only this package's own time is measured. */
  preload: string[];
  /** The gzip budget, in bytes; `null` for rows that only show what tree-shaking keeps. */
  budget: number | null;
  /** Bundle only these named exports (what an app that imports just them ships). */
  pick?: string[];
}

const ADAPTER_BUDGET = 2 * 1024;

/** The packages of part 4. */
export const PACKAGES: WeighedPackage[] = [
  {
    name: '@klarefi/sdk',
    dir: 'packages/sdk',
    entry: 'dist/index.js',
    platform: 'node',
    external: [],
    preload: [],
    budget: 6 * 1024,
  },
  {
    name: '@klarefi/sdk (web entry)',
    dir: 'packages/sdk',
    entry: 'dist/web.js',
    platform: 'neutral',
    external: [],
    preload: [],
    budget: 6 * 1024,
  },
  ...['constructEvent', 'constructEventAsync', 'KlarefiClient', 'createKlarefiCore'].map((name) => ({
    name: `@klarefi/sdk { ${name} } only`,
    dir: 'packages/sdk',
    entry: 'dist/index.js',
    platform: 'node' as const,
    external: [],
    preload: [],
    budget: null,
    pick: [name],
  })),
  {
    name: '@klarefi/express',
    dir: 'packages/express',
    entry: 'dist/index.js',
    platform: 'node',
    external: ['express', '@klarefi/sdk'],
    preload: ['express', '@klarefi/sdk'],
    budget: ADAPTER_BUDGET,
  },
  {
    name: '@klarefi/fastify',
    dir: 'packages/fastify',
    entry: 'dist/index.js',
    platform: 'node',
    external: ['fastify', '@klarefi/sdk'],
    preload: ['fastify', '@klarefi/sdk'],
    budget: ADAPTER_BUDGET,
  },
  {
    name: '@klarefi/hono',
    dir: 'packages/hono',
    entry: 'dist/index.js',
    platform: 'neutral',
    external: ['hono', '@klarefi/sdk'],
    preload: ['hono', '@klarefi/sdk'],
    budget: ADAPTER_BUDGET,
  },
  {
    name: '@klarefi/nestjs',
    dir: 'packages/nestjs',
    entry: 'dist/index.js',
    platform: 'node',
    external: ['@nestjs/*', 'reflect-metadata', 'rxjs', '@klarefi/sdk'],
    preload: ['reflect-metadata', '@nestjs/common', '@nestjs/core', '@klarefi/sdk'],
    budget: ADAPTER_BUDGET,
  },
];

/** The weight of one package's entry. */
export interface Weight {
  minified: number;
  gzipped: number;
  /** Runtime `dependencies` of its package.json, other than `@klarefi/*`. */
  dependencies: string[];
  /** Imports left in the bundle that are not node builtins nor the declared externals. */
  strayImports: string[];
  /** Bytes of each input in the minified output, largest first. */
  inputs: Array<{ path: string; bytes: number }>;
}

/** Bundles and minifies the entry with esbuild and gzips it (zlib, level 9). */
export async function weigh(pkg: WeighedPackage): Promise<Weight> {
  const dir = `${ROOT}${pkg.dir}/`;
  const source = pkg.pick
    ? {
        stdin: {
          contents: `export { ${pkg.pick.join(', ')} } from '@klarefi/sdk';`,
          resolveDir: BENCH_DIR,
          loader: 'js' as const,
        },
      }
    : { entryPoints: [`${dir}${pkg.entry}`] };
  const result = await build({
    ...source,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: pkg.platform,
    target: 'es2022',
    external: pkg.external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const manifest = JSON.parse(readFileSync(`${dir}package.json`, 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const output = Object.values((result.metafile as Metafile).outputs)[0];
  const isDeclared = (path: string) =>
    pkg.external.some((e) =>
      e.endsWith('*') ? path.startsWith(e.slice(0, -1)) : path === e || path.startsWith(`${e}/`),
    );
  return {
    minified: code.byteLength,
    gzipped: gzipSync(code, { level: 9 }).byteLength,
    dependencies: Object.keys(manifest.dependencies ?? {}).filter((name) => !name.startsWith('@klarefi/')),
    strayImports: (output?.imports ?? [])
      .map((i) => i.path)
      .filter((p) => !p.startsWith('node:') && !isDeclared(p)),
    inputs: Object.entries(output?.inputs ?? {})
      .map(([path, { bytesInOutput }]) => ({
        path: path.replace(/^.*node_modules\//, ''),
        bytes: bytesInOutput,
      }))
      .sort((a, b) => b.bytes - a.bytes),
  };
}

/** Milliseconds to `import()` the package in a fresh Node process, after its preloads. */
export async function importTime(pkg: WeighedPackage): Promise<number> {
  const specifier = pkg.name.replace(/ \(.*\)$/, '');
  const script = [
    ...pkg.preload.map((p) => `await import(${JSON.stringify(p)});`),
    'const t = performance.now();',
    `await import(${JSON.stringify(specifier)});`,
    'console.log(performance.now() - t);',
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: BENCH_DIR });
  return Number(stdout.trim());
}

/** Part 4's numbers. */
export interface WeightResult {
  pkg: WeighedPackage;
  weight: Weight;
  importMs: number[];
}

/** Part 4: weights, then import times with the packages interleaved per round. */
export async function benchWeight(rounds: number): Promise<WeightResult[]> {
  const results: WeightResult[] = [];
  for (const pkg of PACKAGES) results.push({ pkg, weight: await weigh(pkg), importMs: [] });
  const timed = results.filter((r) => r.pkg.entry === 'dist/index.js' && !r.pkg.pick);
  for (let round = 0; round < rounds; round++) {
    for (const r of roundOrder(timed, round)) r.importMs.push(await importTime(r.pkg));
  }
  return results;
}

/** The table of part 4. */
export function weightSection(results: WeightResult[], rounds: number): Section {
  return {
    title: '4. Weight',
    method:
      "Each package's ESM entry bundled and minified by esbuild (ES2022), gzipped with zlib level 9. Adapters are bundled " +
      'with their framework and `@klarefi/sdk` external, so their size is what they add on top of the SDK; their own runtime ' +
      "dependencies are inlined. The `{ name } only` rows bundle `export { name } from '@klarefi/sdk'`: what an app that " +
      `imports only that ships after tree-shaking. Import time: \`await import()\` in a fresh \`node\` process, after the framework and the SDK ` +
      `were imported (so it is the package's own cost), median of ${rounds} processes, packages interleaved.`,
    headers: ['package', 'minified', 'gzipped', 'budget', 'result', 'runtime deps', 'import ms'],
    rows: results.map(({ pkg, weight, importMs }) => {
      const depsOk =
        !pkg.name.startsWith('@klarefi/sdk') ||
        (weight.dependencies.length === 0 && weight.strayImports.length === 0);
      const result =
        pkg.budget === null ? 'info' : depsOk ? verdict(weight.gzipped, { atMost: pkg.budget }) : 'MISS';
      return [
        pkg.name,
        formatBytes(weight.minified),
        formatBytes(weight.gzipped),
        pkg.budget === null ? '' : `≤ ${formatBytes(pkg.budget)}`,
        result,
        weight.dependencies.length === 0 ? 'none' : weight.dependencies.join(' '),
        importMs.length > 0 ? formatMs(median(importMs)) : 'n/a',
      ];
    }),
    notes: [],
  };
}
