import { Buffer } from 'node:buffer';
import { constructEvent } from '@klarefi/sdk';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { findings } from '../src/findings.js';
import { floorVerify } from '../src/floor.js';
import { calibrate, opsPerSecond, opsPerSecondAsync } from '../src/loops.js';
import {
  eventBody,
  peerDelivery,
  peerSecret,
  SECRET,
  signHeader,
  withNewDeliveryId,
} from '../src/payloads.js';
import {
  formatBytes,
  formatMs,
  formatRate,
  formatRatio,
  median,
  pairedRatio,
  roundOrder,
  spread,
  verdict,
} from '../src/stats.js';
import { markdownTable, renderSection } from '../src/table.js';

describe('stats', () => {
  it('takes the median of odd and even lists without reordering the input', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('pairs ratios by round, so one slow round moves neither contender alone', () => {
    // Round 2 is slow for both; per-round ratios are 2, 2, 2.
    expect(pairedRatio([200, 20, 220], [100, 10, 110])).toBe(2);
    expect(() => pairedRatio([1], [1, 2])).toThrow(/equal/);
    expect(spread([90, 100, 110])).toBeCloseTo(0.2);
  });

  it('rotates the order each round', () => {
    expect(roundOrder(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(roundOrder(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(roundOrder(['a', 'b', 'c'], 5)).toEqual(['c', 'a', 'b']);
  });

  it('formats rates, ratios, bytes and milliseconds', () => {
    expect(formatRate(12345.6)).toBe('12,346');
    expect(formatRate(54.14)).toBe('54.1');
    expect(formatRatio(0.9666)).toBe('0.97×');
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(6 * 1024)).toBe('6.00 KB');
    expect(formatMs(4.5678)).toBe('4.57');
    expect(formatMs(31.4159)).toBe('31.4');
  });

  it('judges a value against a lower or an upper bound', () => {
    expect(verdict(0.95, { atLeast: 0.9 })).toBe('pass');
    expect(verdict(0.85, { atLeast: 0.9 })).toBe('MISS');
    expect(verdict(2.996, { atLeast: 3 })).toBe('pass');
    expect(verdict(2.994, { atLeast: 3 })).toBe('MISS');
    expect(verdict(7000, { atMost: 6144 })).toBe('MISS');
  });
});

describe('tables', () => {
  it('pads columns and right-aligns numeric ones', () => {
    const table = markdownTable(
      ['name', 'req/s'],
      [
        ['a', '1,000'],
        ['longer', '20'],
      ],
    );
    expect(table.split('\n')).toEqual([
      '| name   | req/s |',
      '| ------ | ----: |',
      '| a      | 1,000 |',
      '| longer |    20 |',
    ]);
    expect(() => markdownTable(['a', 'b'], [['only one']])).toThrow(/2 columns/);
  });

  it('renders a section with its notes', () => {
    const text = renderSection({ title: 'T', method: 'how', headers: ['x'], rows: [['1']], notes: ['why'] });
    expect(text).toBe('## T\n\nhow\n\n|   x |\n| --: |\n|   1 |\n\n- why');
  });
});

describe('findings', () => {
  it('explain a row only while it misses', () => {
    const section = (result: string) => ({
      title: '4. Weight',
      method: '',
      headers: ['package', 'minified', 'gzipped', 'budget', 'result'],
      rows: [['@klarefi/nestjs', '7.00 KB', '2.90 KB', '≤ 2.00 KB', result]],
      notes: [],
    });
    expect(findings(section('MISS'))).toEqual([expect.stringMatching(/^@klarefi\/nestjs over 2 KB/)]);
    expect(findings(section('pass'))).toEqual([]);
  });

  it('explain an adapter row by its baseline verdict, not by its peer verdict', () => {
    const section = (baseline: string, peer: string) => ({
      title: '2. Adapter overhead (webhook route)',
      method: '',
      headers: [],
      rows: [
        [
          'express',
          '1',
          '1',
          '1',
          '1 / 1 / 1',
          '1',
          '1',
          '1',
          '1.00×',
          '0.85×',
          '≥ 0.90×',
          baseline,
          '1.20×',
          '≥ 1.00×',
          peer,
        ],
      ],
      notes: [],
    });
    expect(findings(section('MISS', 'pass'))).toEqual([expect.stringMatching(/^Adapter cost/)]);
    expect(findings(section('pass', 'MISS'))).toEqual([]);
  });

  it('tell the Web Crypto cause from the node:crypto one by which rows exist', () => {
    const verify = (rows: string[][]) => ({
      title: '1. Webhook verification',
      method: '',
      headers: [],
      rows,
      notes: [],
    });
    const row = (comparison: string, result: string) => [
      '1 KB',
      comparison,
      'wall',
      '1',
      '1',
      '1.50×',
      '',
      '≥ 3.00×',
      result,
    ];
    const web = findings(
      verify([
        row('constructEventAsync / stripe async', 'pass'),
        row('constructEventAsync (web entry) / stripe async', 'MISS'),
      ]),
    );
    expect(web).toEqual([expect.stringMatching(/^constructEventAsync \(web entry\)/)]);
    const before = findings(
      verify([
        row('constructEventAsync / stripe async', 'MISS'),
        row('proposal: constructEvent in a promise / stripe async', 'info'),
      ]),
    );
    expect(before).toEqual([
      expect.stringMatching(/^constructEventAsync \/ stripe async: with Web Crypto/),
      expect.stringMatching(/^constructEventAsync on node:crypto/),
    ]);
  });
});

describe('payloads and the floor', () => {
  it('builds bodies of the asked size that the SDK and the floor both accept', () => {
    for (const size of [1024, 16384]) {
      const body = Buffer.from(eventBody(size));
      expect(Math.abs(body.length - size)).toBeLessThanOrEqual(8);
      const header = signHeader(body);
      expect(floorVerify(body, header, SECRET)).toMatchObject({ event_type: 'v1.case.completed' });
      expect(constructEvent(body, header, SECRET)).toMatchObject({ event_type: 'v1.case.completed' });
    }
  });

  it('makes the floor refuse what the SDK refuses: a wrong secret, a changed body, an old timestamp', () => {
    const body = Buffer.from(eventBody(1024));
    expect(() => floorVerify(body, signHeader(body, 'whsec_other'), SECRET)).toThrow(/signature/);
    expect(() =>
      floorVerify(Buffer.from(withNewDeliveryId(body.toString())), signHeader(body), SECRET),
    ).toThrow(/signature/);
    const old = Math.floor(Date.now() / 1000) - 301;
    expect(() => floorVerify(body, signHeader(body, SECRET, old), SECRET)).toThrow(/tolerance/);
  });

  it('signs the peer delivery so that standardwebhooks accepts it with the same key bytes, and only then', () => {
    const body = eventBody(1024);
    const delivery = peerDelivery(body);
    expect(new Webhook(peerSecret()).verify(body, delivery.headers)).toMatchObject({
      event_type: 'v1.case.completed',
    });
    expect(() => new Webhook(peerSecret('whsec_other')).verify(body, delivery.headers)).toThrow(/signature/);
    expect(() => new Webhook(peerSecret()).verify(withNewDeliveryId(body), delivery.headers)).toThrow(
      /signature/,
    );
    // The Klarefi headers are not the peer's: a peer route refuses a Klarefi-signed delivery.
    expect(() => new Webhook(peerSecret()).verify(body, { 'x-klarefi-signature': signHeader(body) })).toThrow(
      /headers/,
    );
  });

  it('gives every copy a fresh delivery id of the same length', () => {
    const body = eventBody(1024);
    const copy = withNewDeliveryId(body);
    expect(copy).not.toBe(body);
    expect(copy.length).toBe(body.length);
  });
});

describe('timed loops', () => {
  it('measure a positive rate for sync and async work', async () => {
    const work = () => ({ n: Math.sqrt(2) });
    const chunk = await calibrate(work, 1);
    expect(chunk).toBeGreaterThan(0);
    const sync = opsPerSecond(work, 5, chunk);
    expect(sync.wall).toBeGreaterThan(1000);
    expect(sync.cpu).toBeGreaterThan(1000);
    const async = await opsPerSecondAsync(async () => work(), 5, 16);
    expect(async.wall).toBeGreaterThan(100);
    expect(async.cpu).toBeGreaterThan(100);
  });
});
