import { KlarefiConfigError } from '../errors/base.js';
import { describeValue } from './redact.js';

/**
 * Checks a factory's options at start-up. Every failure is one {@link KlarefiConfigError}:
 * `<owner>: <option> must be <expected>, got <value, redacted>. <fix>`.
 */
export interface OptionChecker {
  /** Throws about one option: what it must be, what it got (redacted) and, optionally, how to fix it. */
  invalid(option: string, got: unknown, expected: string, fix?: string): never;
  /** Throws about the options as a whole (two that exclude each other, one that needs another). */
  fail(message: string): never;
  /** `fallback` when `value` is undefined, else a whole number from `min` (default 1) to `max`. */
  integer(option: string, value: unknown, range: { fallback: number; min?: number; max?: number }): number;
  /** `value` when it is a function or undefined; `shape` shows the expected signature. */
  optionalFunction<T>(option: string, value: T, shape: string): T;
  /** `fallback` when `value` is undefined, else `value` when it is one of `allowed`. */
  oneOf<T>(option: string, value: unknown, allowed: readonly T[], fallback: T): T;
}

/**
 * One checker per factory, named after it (`'RedisDedupeStore'`, `'createKlarefiWorker'`), so each
 * message says where it comes from. Returns the same shape in every package that checks options.
 * @example
 * const check = optionChecker('RedisDedupeStore');
 * const timeoutMs = check.integer('timeoutMs', options.timeoutMs, { fallback: 5_000 });
 */
export function optionChecker(owner?: string): OptionChecker {
  const prefix = owner ? `${owner}: ` : '';
  const fail = (message: string): never => {
    throw new KlarefiConfigError(`${prefix}${message}`);
  };
  const invalid = (option: string, got: unknown, expected: string, fix?: string): never =>
    fail(`${option} must be ${expected}, got ${describeValue(got)}.${fix ? ` ${fix}` : ''}`);
  return {
    invalid,
    fail,
    integer(option, value, { fallback, min = 1, max = Number.MAX_SAFE_INTEGER }) {
      if (value === undefined) return fallback;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
        return invalid(option, value, `a whole number ${range} (default ${fallback})`);
      }
      return value;
    },
    optionalFunction(option, value, shape) {
      if (value !== undefined && typeof value !== 'function') invalid(option, value, `a function ${shape}`);
      return value;
    },
    oneOf(option, value, allowed, fallback) {
      if (value === undefined) return fallback;
      if (!allowed.includes(value as never)) {
        invalid(
          option,
          value,
          `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')} (default ${JSON.stringify(fallback)})`,
        );
      }
      return value as (typeof allowed)[number];
    },
  };
}
