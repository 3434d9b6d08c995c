import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import ts from 'typescript';
import { roundOrder } from './stats.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

/** One package (or one named import of it) whose ESM entry is weighed and timed. */
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
  /** Bundle only these named exports of `@klarefi/sdk`: what an app that imports just them ships. */
  pick?: string[];
}

const KB = 1024;
const adapter = (
  name: string,
  external: string[],
  preload: string[],
  platform: 'node' | 'neutral' = 'node',
): WeighedPackage => ({
  name: `@klarefi/${name}`,
  dir: `packages/${name}`,
  entry: 'dist/index.js',
  platform,
  external: [...external, '@klarefi/sdk'],
  preload: [...preload, '@klarefi/sdk'],
  budget: 2 * KB,
});
const sdk = { dir: 'packages/sdk', external: [], preload: [] };

/** The packages of part 4, in table order. */
export const PACKAGES: WeighedPackage[] = [
  { ...sdk, name: '@klarefi/sdk', entry: 'dist/index.js', platform: 'node', budget: 12 * KB },
  { ...sdk, name: '@klarefi/sdk (web entry)', entry: 'dist/web.js', platform: 'neutral', budget: 12 * KB },
  // What tree-shaking keeps for an app that imports one name; `null`: shown, not budgeted.
  ...(
    [
      ['constructEvent', 3 * KB],
      ['constructEventAsync', 3 * KB],
      ['KlarefiClient', 7 * KB],
      ['createKlarefiHandler', null],
    ] as const
  ).map(
    ([name, budget]): WeighedPackage => ({
      ...sdk,
      name: `@klarefi/sdk { ${name} } only`,
      entry: 'dist/index.js',
      platform: 'node',
      budget,
      pick: [name],
    }),
  ),
  // The adapters' plumbing subpath: the core, which every adapter row below leaves external.
  { ...sdk, name: '@klarefi/sdk/adapter', entry: 'dist/adapter.js', platform: 'node', budget: null },
  // Case types as code: only apps with a klarefi.config.ts (and the CLI, the emulator) load it.
  { ...sdk, name: '@klarefi/sdk/claims', entry: 'dist/claims.js', platform: 'neutral', budget: 4 * KB },
  adapter('express', ['express'], ['express']),
  adapter('fastify', ['fastify'], ['fastify']),
  adapter('hono', ['hono'], ['hono'], 'neutral'),
  adapter('koa', ['koa'], ['koa']),
  adapter('h3', ['h3'], ['h3'], 'neutral'),
  adapter('elysia', ['elysia'], ['elysia'], 'neutral'),
  adapter('astro', ['astro'], [], 'neutral'),
  adapter('react-router', [], [], 'neutral'),
  adapter('sveltekit', ['@sveltejs/kit'], [], 'neutral'),
  adapter(
    'nestjs',
    ['@nestjs/*', 'reflect-metadata', 'rxjs'],
    ['reflect-metadata', '@nestjs/common', '@nestjs/core'],
  ),
];

/** The weight of one package's entry. */
export interface Weight {
  minified: number;
  gzipped: number;
  /** Gzipped bytes that string literals over 40 characters (error and help messages) account for. */
  messagesGzipped: number;
  /** Runtime `dependencies` of its package.json, other than `@klarefi/*`. */
  dependencies: string[];
  /** Imports left in the bundle that are not node builtins nor the declared externals. */
  strayImports: string[];
}

function bundleOptions(pkg: WeighedPackage): BuildOptions {
  return {
    bundle: true,
    minify: true,
    format: 'esm',
    platform: pkg.platform,
    target: 'es2022',
    external: pkg.external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  };
}

const LITERALS = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
]);

/**
 * Gzipped bytes that the long string literals (over 40 characters: error and help messages) of
 * `code` account for: gzip of the code minus gzip of the code with them emptied. Literals are
 * found by parsing, so regular expressions and template parts are told apart.
 */
export function messageBytes(code: string): number {
  const file = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  const ranges: Array<[number, number]> = [];
  const visit = (node: ts.Node): void => {
    if (LITERALS.has(node.kind) && node.end - node.getStart(file) > 42)
      ranges.push([node.getStart(file) + 1, node.end - 1]);
    ts.forEachChild(node, visit);
  };
  visit(file);
  let stripped = code;
  for (const [start, end] of ranges.sort((a, b) => b[0] - a[0]))
    stripped = stripped.slice(0, start) + stripped.slice(end);
  return gzipSync(code, { level: 9 }).byteLength - gzipSync(stripped, { level: 9 }).byteLength;
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
  const result = await build({ ...bundleOptions(pkg), ...source });
  const code = result.outputFiles?.[0]?.text ?? '';
  const manifest = JSON.parse(readFileSync(`${dir}package.json`, 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const output = Object.values((result.metafile as Metafile).outputs)[0];
  const declared = (path: string) =>
    pkg.external.some((e) =>
      e.endsWith('*') ? path.startsWith(e.slice(0, -1)) : path === e || path.startsWith(`${e}/`),
    );
  return {
    minified: Buffer.byteLength(code),
    gzipped: gzipSync(code, { level: 9 }).byteLength,
    messagesGzipped: messageBytes(code),
    dependencies: Object.keys(manifest.dependencies ?? {}).filter((name) => !name.startsWith('@klarefi/')),
    strayImports: (output?.imports ?? [])
      .map((i) => i.path)
      .filter((p) => !p.startsWith('node:') && !declared(p)),
  };
}

/**
 * Minified bytes per source file, largest first: the package's `src/index.ts` bundled the same
 * way as its dist entry (esbuild reads the package's tsconfig, decorators included). Empty when
 * the package has no TypeScript entry.
 */
export async function sourceBreakdown(pkg: WeighedPackage): Promise<Array<{ path: string; bytes: number }>> {
  const entry = `${ROOT}${pkg.dir}/src/index.ts`;
  if (!existsSync(entry)) return [];
  const result = await build({
    ...bundleOptions(pkg),
    entryPoints: [entry],
    define: { __KLAREFI_SDK_VERSION__: '"0.0.0"' },
  });
  const output = Object.values((result.metafile as Metafile).outputs)[0];
  return Object.entries(output?.inputs ?? {})
    .map(([path, { bytesInOutput }]) => ({
      path: path.replace(/^.*?(packages\/[^/]+\/|node_modules\/)/, ''),
      bytes: bytesInOutput,
    }))
    .filter((i) => i.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/** Milliseconds to `import()` the package in a fresh Node process, after its preloads. */
export async function importTime(pkg: WeighedPackage): Promise<number> {
  const specifier = pkg.name.replace(/ .*$/, '');
  const script = [
    ...pkg.preload.map((p) => `await import(${JSON.stringify(p)});`),
    'const t = performance.now();',
    `await import(${JSON.stringify(specifier)});`,
    'console.log(performance.now() - t);',
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: BENCH_DIR });
  return Number(stdout.trim());
}

/** Part 4's numbers for one row. */
export interface WeightResult {
  pkg: WeighedPackage;
  weight: Weight;
  /** Import time of each round; empty for rows that are not a package entry. */
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
