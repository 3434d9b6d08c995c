// Shared by every copy of the package (a duplicated install, another bundle), unlike a class.
const KINDS = Symbol.for('klarefi.errorKinds');

/**
 * The base of every error this SDK throws. Check with `instanceof KlarefiError` or, across
 * realms and duplicated installs, with {@link isKlarefiError}.
 */
export class KlarefiError extends Error {
  /** The kind a guard recognises this class by: its own name, never minified. */
  static readonly kind: string = 'KlarefiError';
  override name = 'KlarefiError';

  /** The brand: the kinds of this class and of every class it extends. */
  get [KINDS](): readonly string[] {
    const kinds: string[] = [];
    for (let proto = Object.getPrototypeOf(this); proto && proto !== Error.prototype; ) {
      const ctor = proto.constructor as { kind?: unknown };
      if (Object.hasOwn(ctor, 'kind') && typeof ctor.kind === 'string') kinds.push(ctor.kind);
      proto = Object.getPrototypeOf(proto);
    }
    return kinds;
  }
}

/**
 * The one guard rule of every `is…Error`: `instanceof`, or, across copies of the package, the
 * brand carrying the class's kind. A property that merely looks right (`name`, `status`) is not
 * enough.
 */
export function guardFor<T extends KlarefiError>(
  cls: abstract new (...args: never[]) => T,
  kind: string,
): (value: unknown) => value is T {
  return (value: unknown): value is T => {
    if (value instanceof cls) return true;
    if (typeof value !== 'object' || value === null) return false;
    const kinds = (value as { [KINDS]?: unknown })[KINDS];
    return Array.isArray(kinds) && kinds.includes(kind);
  };
}

/** True for any error thrown by this SDK, even from another copy of the package. */
export const isKlarefiError: (value: unknown) => value is KlarefiError = guardFor(
  KlarefiError,
  'KlarefiError',
);

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
