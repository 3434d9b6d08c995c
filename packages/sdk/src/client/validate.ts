import { KlarefiArgumentError } from '../errors/api.js';
import { hasMethods } from '../errors/base.js';
import { isRecord } from './api-error.js';
import type { CallSettings } from './request.js';
import { describeValue } from '../shared/redact.js';
import {
  checkMaxRetries,
  checkTimeout,
  type IdempotentRequestOptions,
  type ResolvedClientOptions,
} from './options.js';

/**
 * Checks of method arguments, run before any request. Each throws {@link KlarefiArgumentError}
 * with a message that names the method, the argument and what it should be.
 */

// Printable ASCII without leading or trailing spaces: what an HTTP header value can carry as is.
const HEADER_SAFE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * Throws unless `value` is a plain object (or `undefined` when `optional`); returns it as a record.
 * `label` names the argument, e.g. `"createSession: params"`.
 */
export function requireObject(value: unknown, label: string, optional = false): Record<string, unknown> {
  if (value === undefined && optional) return {};
  if (!isRecord(value)) {
    throw new KlarefiArgumentError(`${label} must be an object, got ${describeValue(value)}.`);
  }
  return value as Record<string, unknown>;
}

/** Checks a path parameter (an id) and returns it percent-encoded for the URL path. */
export function pathParam(value: unknown, name: string, method: string, hint: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new KlarefiArgumentError(
      `${method}: ${name} must be a non-empty string (${hint}), got ${describeValue(value)}.`,
    );
  }
  if (value.trim() !== value) {
    throw new KlarefiArgumentError(`${method}: ${name} has whitespace at its start or end; trim it.`);
  }
  // "." and ".." survive encodeURIComponent and would be resolved away by URL parsing.
  if (value === '.' || value === '..') {
    throw new KlarefiArgumentError(`${method}: ${name} cannot be "${value}" (${hint}).`);
  }
  return encodeURIComponent(value);
}

/** Throws unless `params[field]` is a non-empty string. */
export function requireString(
  params: Record<string, unknown>,
  field: string,
  method: string,
  hint: string,
): void {
  const value = params[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new KlarefiArgumentError(
      `${method}: ${field} is required and must be a non-empty string (${hint}), got ${describeValue(value)}.`,
    );
  }
}

/** Throws unless each of `fields` is absent or a string. */
export function optionalStrings(
  params: Record<string, unknown>,
  fields: readonly string[],
  method: string,
): void {
  for (const field of fields) {
    const value = params[field];
    if (value !== undefined && typeof value !== 'string') {
      throw new KlarefiArgumentError(
        `${method}: ${field} must be a string when given (leave it out otherwise), got ${describeValue(value)}.`,
      );
    }
  }
}

/** Throws unless `params[field]` is absent or a number that passes `accept`. */
export function optionalNumber(
  params: Record<string, unknown>,
  field: string,
  method: string,
  accept: (value: number) => boolean,
  what: string,
): void {
  const value = params[field];
  if (value !== undefined && (typeof value !== 'number' || !accept(value))) {
    throw new KlarefiArgumentError(`${method}: ${field} must be ${what}, got ${describeValue(value)}.`);
  }
}

/** Throws unless `value` can be sent as an `Idempotency-Key` header. */
export function checkIdempotencyKey(value: unknown, name: string, method: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !HEADER_SAFE.test(value)) {
    throw new KlarefiArgumentError(
      `${method}: ${name} must be a non-empty string of printable ASCII without surrounding spaces ` +
        `(e.g. your order id or a UUID), got ${describeValue(value)}.`,
    );
  }
  return value;
}

/** Validates the per-call options and merges them over the client's settings. */
export function resolveCallSettings(
  options: unknown,
  config: ResolvedClientOptions,
  method: string,
): CallSettings & { idempotencyKey: string | undefined } {
  const given = requireObject(options, `${method}: options`, true) as IdempotentRequestOptions;
  for (const problem of [checkTimeout(given.timeoutMs), checkMaxRetries(given.maxRetries)]) {
    if (problem !== undefined) throw new KlarefiArgumentError(`${method}: options.${problem}`);
  }
  const signal = given.signal as unknown;
  if (
    signal !== undefined &&
    (typeof (signal as AbortSignal | null)?.aborted !== 'boolean' ||
      !hasMethods(signal, ['addEventListener']))
  ) {
    throw new KlarefiArgumentError(
      `${method}: options.signal must be an AbortSignal (e.g. AbortSignal.timeout(5000)), got ${describeValue(signal)}.`,
    );
  }
  return {
    timeoutMs: given.timeoutMs ?? config.timeoutMs,
    maxRetries: given.maxRetries ?? config.maxRetries,
    signal: signal as AbortSignal | undefined,
    idempotencyKey: checkIdempotencyKey(given.idempotencyKey, 'options.idempotencyKey', method),
  };
}
