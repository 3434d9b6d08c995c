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
