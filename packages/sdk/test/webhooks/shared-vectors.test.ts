import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { constructEvent, constructEventAsync } from '../../src/entries/index.js';
import { constructEventAsync as constructEventWeb } from '../../src/entries/web.js';

/**
 * The signature vectors the Python client runs too (packages/python/tests/test_vectors.py): one
 * file, so the two verifiers cannot drift apart.
 */
interface Vector {
  name: string;
  payload?: string;
  payload_base64?: string;
  header: string | string[] | null;
  secrets: string[];
  tolerance?: number;
  now?: number;
  expect: { event: unknown } | { error: string };
}

const file = new URL('../../../conformance/vectors/signatures.json', import.meta.url);
const suite = JSON.parse(readFileSync(file, 'utf8')) as { now: number; vectors: Vector[] };

const verifiers = [
  ['constructEvent', async (...args: Parameters<typeof constructEvent>) => constructEvent(...args)],
  ['constructEventAsync', constructEventAsync],
  ['constructEventAsync (Web Crypto entry)', constructEventWeb],
] as const;

describe.each(verifiers)('%s on the shared vectors', (_name, verify) => {
  it('has vectors of every outcome', () => {
    const outcomes = new Set(suite.vectors.map((v) => ('error' in v.expect ? v.expect.error : 'ok')));
    expect([...outcomes].sort()).toEqual(
      [
        'invalid_json',
        'malformed_header',
        'missing_header',
        'no_matching_signature',
        'ok',
        'timestamp_outside_tolerance',
      ].sort(),
    );
  });

  it.each(suite.vectors.map((v) => [v.name, v] as const))('%s', async (_vector, v) => {
    const body =
      v.payload_base64 !== undefined ? new Uint8Array(Buffer.from(v.payload_base64, 'base64')) : v.payload!;
    const secrets = v.secrets.length === 1 ? v.secrets[0]! : v.secrets;
    const options = {
      now: () => (v.now ?? suite.now) * 1000,
      ...(v.tolerance !== undefined && { toleranceSeconds: v.tolerance }),
    };
    const outcome = await verify(body, v.header, secrets, options).then(
      (event) => ({ event }),
      (error: { code?: unknown }) => ({ error: error.code }),
    );
    expect(outcome).toEqual(v.expect);
  });
});
