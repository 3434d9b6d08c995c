/**
 * The base of every error this SDK throws. Check with `instanceof KlarefiError` or, across
 * realms and duplicated installs, with {@link isKlarefiError}.
 */
export class KlarefiError extends Error {
  override name = 'KlarefiError';

  /** Always `true`: a marker that survives `instanceof` failing across bundles. */
  get isKlarefiError(): true {
    return true;
  }
}

/** True for any error thrown by this SDK, even from another copy of the package. */
export function isKlarefiError(value: unknown): value is KlarefiError {
  return (
    value instanceof KlarefiError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { isKlarefiError?: unknown }).isKlarefiError === true)
  );
}

/** True when `value` has a function under each of `names`: how stores, loggers and signals are recognised. */
export function hasMethods(value: unknown, names: readonly string[]): boolean {
  return names.every((name) => typeof (value as Record<string, unknown> | null)?.[name] === 'function');
}

/**
 * Thrown when a factory or constructor receives options it cannot work with. It is thrown at
 * start-up, never per request, and its message says which option to set and how.
 */
export class KlarefiConfigError extends KlarefiError {
  override name = 'KlarefiConfigError';
}
