/** The median of a non-empty list (the mean of the middle two for an even length). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median() needs at least one value.');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The median of the per-round ratios `a[i] / b[i]`. Pairing by round cancels drift that hits
 * both contenders of one round alike (a noisy neighbour, thermal throttling).
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) {
    throw new RangeError(
      `pairedRatio() needs two lists of one equal, non-zero length; got ${a.length} and ${b.length}.`,
    );
  }
  return median(a.map((value, i) => value / (b[i] as number)));
}

/** The spread of a list as (max - min) / median, to show how noisy a measurement was. */
export function spread(values: readonly number[]): number {
  const m = median(values);
  return m === 0 ? 0 : (Math.max(...values) - Math.min(...values)) / m;
}

/** `12345.6` → `"12,346"`; values under 100 keep one decimal. */
export function formatRate(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) < 100) return value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
}

/** A ratio as `"0.97×"`. */
export function formatRatio(value: number): string {
  return `${value.toFixed(2)}×`;
}

/** Bytes as `"5.61 KB"` (1 KB = 1024 bytes), or `"812 B"` under 1 KB. */
export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(2)} KB`;
}

/** Milliseconds with a sensible number of decimals. */
export function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

/**
 * `"pass"` / `"MISS"` for a measured value against a lower or upper bound, judged at the two
 * decimals the tables show (so a row never reads "3.00×" and "MISS"; the noise is far larger).
 */
export function verdict(value: number, target: { atLeast?: number; atMost?: number }): 'pass' | 'MISS' {
  const shown = Math.round(value * 100) / 100;
  if (target.atLeast !== undefined && shown < target.atLeast) return 'MISS';
  if (target.atMost !== undefined && shown > target.atMost) return 'MISS';
  return 'pass';
}

/**
 * The order the contenders run in for round `round`: rotated each round, so no contender is
 * always first (cold caches) or always last (a warmed-up machine): A,B,C then B,C,A then C,A,B.
 */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
