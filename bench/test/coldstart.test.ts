import { describe, expect, it } from 'vitest';
import { benchColdStart, coldStartSection } from '../src/coldstart.js';

describe('cold start', () => {
  it('answers the first delivery with 200 on both sides, in fresh processes, and reports a row', async () => {
    // The child throws unless its first delivery is accepted, so a wrong event or secret fails here.
    const results = await benchColdStart(1);
    for (const side of results.flatMap((r) => [r.adapter[0], r.floor[0]])) {
      expect(side?.importMs).toBeGreaterThan(0);
      expect(side?.heapUsed).toBeGreaterThan(0);
    }
    const section = coldStartSection(results, 1);
    expect(section.rows.map((row) => row[0])).toEqual([
      expect.stringContaining('AWS Lambda'),
      expect.stringContaining('Azure'),
    ]);
  }, 60_000);
});
