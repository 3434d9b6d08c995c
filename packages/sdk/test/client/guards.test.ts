import { describe, expect, it } from 'vitest';
import * as adapter from '../../src/entries/adapter.js';
import * as sdk from '../../src/entries/index.js';

// One instance of every error class the SDK exports.
const details = { status: 404, headers: {}, method: 'GET', path: '/api/v1/cases/x' };
const instances: Record<string, unknown> = {
  KlarefiError: new sdk.KlarefiError('x'),
  KlarefiConfigError: new sdk.KlarefiConfigError('x'),
  KlarefiApiError: new sdk.KlarefiApiError('x', details),
  KlarefiNotFoundError: new sdk.KlarefiNotFoundError('x', details),
  KlarefiRateLimitError: new sdk.KlarefiRateLimitError('x', { ...details, status: 429 }),
  KlarefiConnectionError: new sdk.KlarefiConnectionError('x'),
  KlarefiTimeoutError: new sdk.KlarefiTimeoutError('x', 1000),
  KlarefiAbortError: new sdk.KlarefiAbortError('x'),
  KlarefiArgumentError: new sdk.KlarefiArgumentError('x'),
  KlarefiWebhookSignatureError: new sdk.KlarefiWebhookSignatureError('missing_header', 'x'),
  KlarefiUnavailableError: new sdk.KlarefiUnavailableError('x'),
};

const CHECKS: Record<string, (value: unknown) => boolean> = {
  isKlarefiError: sdk.isKlarefiError,
  isKlarefiApiError: sdk.isKlarefiApiError,
  isKlarefiUnavailableError: adapter.isKlarefiUnavailableError,
};

const GUARDS = {
  isKlarefiError: (name: string) => name.startsWith('Klarefi'),
  isKlarefiApiError: (name: string) =>
    ['KlarefiApiError', 'KlarefiNotFoundError', 'KlarefiRateLimitError'].includes(name),
  isKlarefiUnavailableError: (name: string) => name === 'KlarefiUnavailableError',
} as const;

describe('the is…Error guards, one rule for all', () => {
  for (const [guard, expected] of Object.entries(GUARDS)) {
    it(`${guard} accepts its own classes and refuses every other`, () => {
      const check = CHECKS[guard] as (v: unknown) => boolean;
      for (const [name, error] of Object.entries(instances))
        expect([name, check(error)]).toEqual([name, expected(name)]);
    });

    it(`${guard} is not fooled by an object that only looks the part`, () => {
      const check = CHECKS[guard] as (v: unknown) => boolean;
      const lookalike = {
        name: 'KlarefiApiError',
        status: 404,
        code: 'queue_unavailable',
        isKlarefiError: true,
      };
      expect(check(lookalike)).toBe(false);
      expect(check(null)).toBe(false);
      expect(check('KlarefiError')).toBe(false);
    });

    it(`${guard} recognises an error from another copy of the package by its brand`, () => {
      const check = CHECKS[guard] as (v: unknown) => boolean;
      for (const [name, error] of Object.entries(instances)) {
        const copy = Object.create(null) as Record<symbol, unknown>;
        copy[Symbol.for('klarefi.errorKinds')] = (error as Record<symbol, unknown>)[
          Symbol.for('klarefi.errorKinds')
        ];
        expect([name, check(copy)]).toEqual([name, expected(name)]);
      }
    });
  }

  it('refuses a bad retryAfterSeconds instead of silently using 10', () => {
    expect(() => new sdk.KlarefiUnavailableError('x', { retryAfterSeconds: -1 })).toThrow(
      /retryAfterSeconds/,
    );
    expect(() => new sdk.KlarefiUnavailableError('x', { retryAfterSeconds: 1.5 })).toThrow(
      sdk.KlarefiConfigError,
    );
  });
});
