import { describe, expect, it } from 'vitest';
import { KlarefiConfigError } from '../../src/entries/index.js';
import { optionChecker } from '../../src/entries/adapter.js';

const check = optionChecker('RedisDedupeStore');

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KlarefiConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a KlarefiConfigError');
}

describe('optionChecker', () => {
  it('names the owner and the option, says what it must be and how to fix it', () => {
    expect(messageOf(() => check.invalid('client', 42, 'an ioredis client', 'See the README.'))).toBe(
      'RedisDedupeStore: client must be an ioredis client, got 42. See the README.',
    );
  });

  it('never echoes a string, which may be a key, a secret or a connection string', () => {
    const secret = 'postgres://admin:hunter2@db.internal/app';
    const message = messageOf(() => check.invalid('timeoutMs', secret, 'a number'));
    expect(message).not.toContain('hunter2');
    expect(message).toContain('got a string');
    expect(messageOf(() => check.integer('timeoutMs', 'sk_live_abc', { fallback: 5 }))).not.toContain(
      'sk_live',
    );
  });

  it('integer: the default when absent, whole numbers in range, and the range in the message', () => {
    expect(check.integer('ttl', undefined, { fallback: 60 })).toBe(60);
    expect(check.integer('ttl', 5, { fallback: 60 })).toBe(5);
    expect(check.integer('retries', 0, { fallback: 2, min: 0, max: 10 })).toBe(0);
    expect(messageOf(() => check.integer('ttl', 0, { fallback: 60 }))).toBe(
      'RedisDedupeStore: ttl must be a whole number ≥ 1 (default 60), got 0.',
    );
    expect(messageOf(() => check.integer('retries', 11, { fallback: 2, min: 0, max: 10 }))).toContain(
      'from 0 to 10',
    );
    expect(messageOf(() => check.integer('ttl', 1.5, { fallback: 60 }))).toContain('got 1.5');
    expect(messageOf(() => check.integer('ttl', Number.NaN, { fallback: 60 }))).toContain('got NaN');
  });

  it('optionalFunction and oneOf accept what is allowed and name what is not', () => {
    const fn = () => {};
    expect(check.optionalFunction('onOutcome', fn, '(outcome) => void')).toBe(fn);
    expect(check.optionalFunction('onOutcome', undefined, '(outcome) => void')).toBeUndefined();
    expect(messageOf(() => check.optionalFunction('onOutcome', {}, '(outcome) => void'))).toBe(
      'RedisDedupeStore: onOutcome must be a function (outcome) => void, got an object.',
    );
    expect(check.oneOf('status', undefined, [303, 302], 303)).toBe(303);
    expect(check.oneOf('status', 302, [303, 302], 303)).toBe(302);
    expect(messageOf(() => check.oneOf('status', 301, [303, 302], 303))).toBe(
      'RedisDedupeStore: status must be one of 303, 302 (default 303), got 301.',
    );
  });

  it('fail: a message about the options as a whole, and no owner prefix when none is given', () => {
    expect(messageOf(() => optionChecker().fail('Pass either client or apiKey, not both.'))).toBe(
      'Pass either client or apiKey, not both.',
    );
  });
});
