import type { Section } from './table.js';

/**
 * Why a target is missed, found with a profile (see bench/README.md). Shown under a table only
 * when one of its rows misses, so a fixed cause stops being reported.
 */
const FINDINGS: Array<{ section: string; row: RegExp; text: string }> = [];

/** The findings that apply to a section's missed rows. */
export function findings(section: Section): string[] {
  const missed = section.rows.filter((row) => row.includes('MISS')).map((row) => row.join(' '));
  return FINDINGS.filter(
    (f) => section.title.startsWith(f.section) && missed.some((row) => f.row.test(row)),
  ).map((f) => f.text);
}
