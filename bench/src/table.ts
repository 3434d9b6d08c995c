/** A titled table: what `pnpm bench` prints and writes to RESULTS.md. */
export interface Section {
  title: string;
  /** One paragraph shown under the title: what was measured and how. */
  method: string;
  headers: string[];
  rows: string[][];
  /** Findings, one per line, shown under the table (misses and their causes). */
  notes: string[];
}

/**
 * A Markdown table whose columns are padded to line up, so the same text reads well in a
 * terminal and renders in a Markdown viewer. Cells may not contain `|` or newlines.
 */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  for (const row of rows) {
    if (row.length !== headers.length) {
      throw new RangeError(
        `A row has ${row.length} cells but the table has ${headers.length} columns: ${row.join(' / ')}`,
      );
    }
  }
  const all = [headers, ...rows];
  const widths = headers.map((_, col) => Math.max(3, ...all.map((row) => (row[col] as string).length)));
  // Text columns align left; a column whose body cells all start with a digit aligns right.
  const numeric = headers.map(
    (_, col) => rows.length > 0 && rows.every((row) => /^[\d.,-]/.test(row[col] as string)),
  );
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, col) => (numeric[col] ? cell.padStart(widths[col] as number) : cell.padEnd(widths[col] as number))).join(' | ')} |`;
  const rule = `| ${widths.map((w, col) => (numeric[col] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** One section as Markdown: heading, method, table, notes. */
export function renderSection(section: Section): string {
  const parts = [`## ${section.title}`, section.method, markdownTable(section.headers, section.rows)];
  if (section.notes.length > 0) parts.push(section.notes.map((n) => `- ${n}`).join('\n'));
  return parts.join('\n\n');
}
