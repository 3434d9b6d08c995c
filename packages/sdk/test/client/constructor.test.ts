import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KlarefiConfigError, isKlarefiError } from '../../src/errors/base.js';
import { KlarefiClient } from '../../src/client/index.js';
import { DEFAULT_CLIENT_OPTIONS } from '../../src/client/options.js';
import { CLIENT_HEADER_VALUE, SDK_VERSION } from '../../src/client/version.js';
import { TEST_KEY } from './helpers.js';

const LIVE_KEY = 'sk_live_9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d';

function configError(options: unknown): KlarefiConfigError {
  try {
    new KlarefiClient(options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(KlarefiConfigError);
    expect(isKlarefiError(error)).toBe(true);
    return error as KlarefiConfigError;
  }
  throw new Error('expected new KlarefiClient() to throw');
}

describe('new KlarefiClient: the key', () => {
  it('derives the environment from the prefix', () => {
    expect(new KlarefiClient({ apiKey: TEST_KEY }).environment).toBe('test');
    expect(new KlarefiClient({ apiKey: LIVE_KEY }).environment).toBe('live');
  });

  it('applies the documented defaults', () => {
    const client = new KlarefiClient({ apiKey: TEST_KEY });
    expect(client.baseUrl).toBe('https://api.klarefi.com');
    expect(client.timeoutMs).toBe(60_000);
    expect(client.maxRetries).toBe(2);
    expect(DEFAULT_CLIENT_OPTIONS).toEqual({
      baseUrl: 'https://api.klarefi.com',
      timeoutMs: 60_000,
      maxRetries: 2,
    });
  });

  const badKeys: Array<[string, unknown, RegExp]> = [
    ['missing', undefined, /apiKey is missing/],
    ['empty', '', /apiKey is missing/],
    ['null', null, /apiKey is missing/],
    ['a number', 42, /apiKey must be a string, got 42/],
    ['blank', '   ', /apiKey is blank/],
    ['a trailing newline', `${TEST_KEY}\n`, /whitespace or a line break at its start or end.*trim it/],
    ['a leading space', ` ${TEST_KEY}`, /whitespace or a line break/],
    ['a Bearer prefix', `Bearer ${TEST_KEY}`, /starts with "Bearer "/],
    ['a webhook secret', 'whsec_c2VjcmV0LXZhbHVlLWZvci10ZXN0cw', /webhook signing secret/],
    [
      'a publishable key',
      'pk_test_1234567890abcdef',
      /must start with sk_test_ or sk_live_; the value given does not/,
    ],
    ['an upper-case prefix', 'SK_TEST_1234567890abcdef', /must start with sk_test_ or sk_live_/],
    ['only the prefix', 'sk_live_', /only the prefix sk_live_/],
    ['an inner space', 'sk_test_1234 567890abcdef', /characters an API key cannot hold/],
    ['a non-ASCII character', 'sk_test_1234567890abcdéf', /characters an API key cannot hold/],
  ];

  it.each(badKeys)(
    'refuses a key that is %s, saying what a key looks like and where to get one',
    (_, apiKey, pattern) => {
      const error = configError({ apiKey });
      expect(error.message).toMatch(pattern);
      expect(error.message).toContain('sk_test_... (test) or sk_live_... (live)');
      expect(error.message).toContain('Developer settings');
      if (typeof apiKey === 'string' && apiKey.trim().length > 8) {
        expect(error.message).not.toContain(apiKey.trim());
        expect(String(error.stack)).not.toContain(apiKey.trim());
      }
    },
  );

  it('refuses a missing options object', () => {
    expect(configError(undefined).message).toMatch(/needs an options object with an apiKey/);
    expect(configError('sk_test_abc').message).not.toContain('sk_test_abc');
  });

  it.each([
    ['api_key', 'apiKey'],
    ['apikey', 'apiKey'],
    ['baseURL', 'baseUrl'],
    ['base_url', 'baseUrl'],
    ['timeout', 'timeoutMs'],
    ['retries', 'maxRetries'],
    ['maxNetworkRetries', 'maxRetries'],
  ])('points a misspelled option %s to %s', (given, meant) => {
    const error = configError({ apiKey: TEST_KEY, [given]: 1 });
    expect(error.message).toBe(`Unknown KlarefiClient option "${given}". Did you mean "${meant}"?`);
  });
});

describe('new KlarefiClient: the other options', () => {
  it('normalises baseUrl with or without a trailing slash, keeping a path prefix', () => {
    expect(new KlarefiClient({ apiKey: TEST_KEY, baseUrl: 'http://127.0.0.1:4010/' }).baseUrl).toBe(
      'http://127.0.0.1:4010',
    );
    expect(new KlarefiClient({ apiKey: TEST_KEY, baseUrl: 'https://pilot.example.com' }).baseUrl).toBe(
      'https://pilot.example.com',
    );
    expect(new KlarefiClient({ apiKey: TEST_KEY, baseUrl: 'https://gw.example.com/klarefi//' }).baseUrl).toBe(
      'https://gw.example.com/klarefi',
    );
  });

  it.each([
    [42, /baseUrl must be a string, got 42/],
    ['api.klarefi.com', /baseUrl is not an absolute URL \(it must start with https:\/\/ or http:\/\/\)/],
    ['ftp://api.klarefi.com', /baseUrl must use http or https, not ftp:/],
    ['https://user:pass@api.klarefi.com', /baseUrl must not contain a user name or password/],
    ['https://api.klarefi.com/?x=1', /baseUrl must not have a query string or a fragment/],
    ['https://api.klarefi.com/api/v1/', /baseUrl must not end with \/api\/v1/],
  ])('refuses baseUrl %s', (baseUrl, pattern) => {
    const error = configError({ apiKey: TEST_KEY, baseUrl });
    expect(error.message).toMatch(pattern);
    expect(error.message).toContain('the client adds /api/v1 itself');
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, '1000'])(
    'refuses timeoutMs %s',
    (timeoutMs) => {
      expect(configError({ apiKey: TEST_KEY, timeoutMs }).message).toMatch(
        /^KlarefiClient: timeoutMs must be a positive number of milliseconds up to 2147483647, got /,
      );
    },
  );

  it.each([-1, 1.5, 11, '2', Number.NaN])('refuses maxRetries %s', (maxRetries) => {
    expect(configError({ apiKey: TEST_KEY, maxRetries }).message).toMatch(
      /^KlarefiClient: maxRetries must be a whole number from 0 to 10 \(0 turns retries off\), got /,
    );
  });

  it('accepts the bounds of timeoutMs and maxRetries', () => {
    const client = new KlarefiClient({ apiKey: TEST_KEY, timeoutMs: 1, maxRetries: 10 });
    expect([client.timeoutMs, client.maxRetries]).toEqual([1, 10]);
    expect(new KlarefiClient({ apiKey: TEST_KEY, maxRetries: 0 }).maxRetries).toBe(0);
  });

  it('refuses a fetch that is not a function, and a malformed clock', () => {
    expect(configError({ apiKey: TEST_KEY, fetch: 'fetch' }).message).toMatch(
      /fetch must be a function with the signature of the global fetch, got a string/,
    );
    expect(configError({ apiKey: TEST_KEY, clock: 5 }).message).toMatch(/clock must be an object/);
    expect(configError({ apiKey: TEST_KEY, clock: { sleep: 1 } }).message).toMatch(
      /clock.sleep must be a function/,
    );
  });
});

describe('KlarefiClient keeps the key to itself', () => {
  it('does not show the key through JSON, keys or util.inspect', () => {
    const client = new KlarefiClient({ apiKey: TEST_KEY });
    expect(JSON.stringify(client)).not.toContain(TEST_KEY);
    expect(JSON.parse(JSON.stringify(client))).toEqual({
      environment: 'test',
      baseUrl: 'https://api.klarefi.com',
      timeoutMs: 60_000,
      maxRetries: 2,
    });
    expect(Object.keys(client).join()).not.toContain('apiKey');
    expect(inspect(client, { showHidden: true, depth: Number.POSITIVE_INFINITY })).not.toContain(TEST_KEY);
    expect(String(client)).not.toContain(TEST_KEY);
  });
});

describe('SDK_VERSION', () => {
  it('equals the version in package.json and is sent as klarefi-sdk-js/<version>', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(SDK_VERSION).toBe(manifest.version);
    expect(CLIENT_HEADER_VALUE).toBe(`klarefi-sdk-js/${manifest.version}`);
  });
});
