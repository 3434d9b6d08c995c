/**
 * The one redaction rule: an error message or a log line names the kind of a value, never the
 * value itself, since an option or a cause may hold a key, a secret or a connection string.
 * Only numbers and booleans, which cannot, are shown as they are.
 */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * A store's or a queue's error can carry a host, a user or a connection string in its message;
 * only its name and code travel on, as the cause that logs and outcome reporters see.
 */
export function redactedCause(cause: unknown, what: string): Error {
  const { name, code } = (typeof cause === 'object' && cause !== null ? cause : {}) as {
    name?: unknown;
    code?: unknown;
  };
  const label = typeof name === 'string' && /^\w{1,60}$/.test(name) ? name : 'Error';
  const suffix = typeof code === 'string' && /^\w{1,40}$/.test(code) ? ` (${code})` : '';
  return new Error(`${what}: ${label}${suffix}.`);
}
