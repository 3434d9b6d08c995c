import { formatBytes, formatMs, median, verdict } from './stats.js';
import type { Section } from './table.js';
import { PACKAGES, sourceBreakdown, type WeightResult } from './weight.js';

function result({ pkg, weight }: WeightResult): string {
  if (pkg.budget === null) return 'info';
  const zeroDeps =
    !pkg.name.startsWith('@klarefi/sdk') ||
    (weight.dependencies.length === 0 && weight.strayImports.length === 0);
  return zeroDeps ? verdict(weight.gzipped, { atMost: pkg.budget }) : 'MISS';
}

/** For each missed row: where its bytes come from, counted from the bundle's metafile. */
async function breakdowns(results: WeightResult[]): Promise<string[]> {
  const notes: string[] = [];
  for (const r of results) {
    if (result(r) !== 'MISS' || r.pkg.name.includes('(web entry)')) continue;
    const sources = await sourceBreakdown(PACKAGES.find((p) => p.name === r.pkg.name) ?? r.pkg);
    const total = sources.reduce((sum, s) => sum + s.bytes, 0);
    const byFolder = new Map<string, number>();
    for (const s of sources) {
      const folder = s.path.replace(/\/[^/]+$/, '');
      byFolder.set(folder, (byFolder.get(folder) ?? 0) + s.bytes);
    }
    const folders = [...byFolder].sort((a, b) => b[1] - a[1]).slice(0, 4);
    const show = (entries: Array<[string, number]>) =>
      entries
        .map(([path, bytes]) => `${path} ${formatBytes(bytes)} (${Math.round((100 * bytes) / total)} %)`)
        .join(', ');
    notes.push(
      `${r.pkg.name}: ${formatBytes(r.weight.gzipped)} gzipped, ${formatBytes(r.weight.messagesGzipped)} of it error and help ` +
        `messages (string literals over 40 characters). Minified bytes by folder: ${show(folders)}; largest files: ` +
        `${show(sources.slice(0, 5).map((s) => [s.path, s.bytes]))}.`,
    );
  }
  return notes;
}

/** The table of part 4. */
export async function weightSection(results: WeightResult[], rounds: number): Promise<Section> {
  return {
    title: '4. Weight',
    method:
      "Each package's ESM entry bundled and minified by esbuild (ES2022), gzipped with zlib level 9. Adapters are bundled " +
      'with their framework and `@klarefi/sdk` external, so their size is what they add on top of the SDK; their own runtime ' +
      "dependencies are inlined. The `{ name } only` rows bundle `export { name } from '@klarefi/sdk'`: what an app that " +
      'imports only that ships after tree-shaking. Zero dependencies means no `dependencies` in package.json and no import ' +
      'left in the bundle but node: builtins. Import time: `await import()` in a fresh `node` process, after the framework ' +
      `and the SDK were imported (so it is the package's own cost), median of ${rounds} processes, packages interleaved.`,
    headers: ['package', 'minified', 'gzipped', 'budget', 'result', 'runtime deps', 'import ms'],
    rows: results.map((r) => [
      r.pkg.name,
      formatBytes(r.weight.minified),
      formatBytes(r.weight.gzipped),
      r.pkg.budget === null ? '' : `≤ ${formatBytes(r.pkg.budget)}`,
      result(r),
      r.weight.dependencies.length === 0 ? 'none' : r.weight.dependencies.join(' '),
      r.importMs.length > 0 ? formatMs(median(r.importMs)) : '',
    ]),
    notes: await breakdowns(results),
  };
}
