/**
 * Keeps the API key out of everything the client throws. Errors from a `fetch` implementation,
 * a proxy's echoed headers or an error body can all carry the `Authorization` value; the client
 * never shows them unchanged.
 */

/** What replaces the key's secret part in any text the client shows. */
export const REDACTED = '[redacted]';

const MAX_DEPTH = 4;

/** Returns a function that replaces every occurrence of `secret` in a text. */
export function createScrubber(secret: string): (text: string) => string {
  // The prefix (`sk_test_`/`sk_live_`) says which environment failed and is not secret.
  const shown = `${secret.slice(0, 8)}${REDACTED}`;
  return function scrub(text: string): string {
    return text.includes(secret) ? text.replaceAll(secret, shown) : text;
  };
}

/**
 * Returns `value` itself when no string reachable from it (message, stack, own properties,
 * nested causes, a few levels deep) contains `secret`; otherwise a plain `Error` copy with the
 * same name, message, stack and primitive properties (`code`, `errno`, `syscall`, ...), scrubbed.
 */
export function sanitizeCause(value: unknown, secret: string): unknown {
  return mentions(value, secret, 0, new Set()) ? scrubbedCopy(value, secret, 0) : value;
}

// Reaches what `util.inspect` and `console.error` would print: own keys (symbols and
// non-enumerable ones such as `cause` included), the entries of a Map, Set or `Headers`, and the
// `headers` and `url` of a `Request` (getters on its prototype).
function mentions(value: unknown, secret: string, depth: number, seen: Set<object>): boolean {
  if (typeof value === 'string') return value.includes(secret);
  if (typeof value !== 'object' || value === null) return false;
  if (seen.has(value)) return false;
  // Too deep to inspect cheaply: assume the worst, the copy drops what lies below.
  if (depth > MAX_DEPTH) return true;
  seen.add(value);
  // Some engines keep `stack` on the prototype, out of reach of ownKeys.
  const stack = safeGet(value, 'stack');
  if (typeof stack === 'string' && stack.includes(secret)) return true;
  for (const key of Reflect.ownKeys(value)) {
    if (mentions(safeGet(value, key), secret, depth + 1, seen)) return true;
  }
  for (const key of ['headers', 'url']) {
    if (!Object.hasOwn(value, key) && mentions(safeGet(value, key), secret, depth + 1, seen)) return true;
  }
  return entriesMention(value, secret, depth, seen);
}

const MAX_ENTRIES = 256;

function entriesMention(value: object, secret: string, depth: number, seen: Set<object>): boolean {
  const entries = safeGet(value, 'entries');
  if (typeof entries !== 'function' || Array.isArray(value)) return false;
  let count = 0;
  try {
    for (const entry of (entries as () => Iterable<unknown>).call(value)) {
      if (++count > MAX_ENTRIES) return true;
      if (mentions(entry, secret, depth + 1, seen)) return true;
    }
  } catch {
    return true;
  }
  return false;
}

function scrubbedCopy(value: unknown, secret: string, depth: number): Error {
  const scrub = createScrubber(secret);
  if (typeof value !== 'object' || value === null) return new Error(scrub(String(value)));
  const source = value as Record<string, unknown>;
  const message = typeof source.message === 'string' ? source.message : safeString(value);
  const cause = source.cause;
  const copy = new Error(
    scrub(message),
    cause !== undefined && depth < MAX_DEPTH
      ? { cause: mentions(cause, secret, 0, new Set()) ? scrubbedCopy(cause, secret, depth + 1) : cause }
      : undefined,
  );
  copy.name = typeof source.name === 'string' ? scrub(source.name) : 'Error';
  copy.stack = typeof source.stack === 'string' ? scrub(source.stack) : `${copy.name}: ${copy.message}`;
  for (const key of Object.keys(source)) {
    if (key === 'message' || key === 'stack' || key === 'name' || key === 'cause') continue;
    const field = safeGet(source, key);
    if (typeof field === 'string') Object.assign(copy, { [key]: scrub(field) });
    else if (typeof field === 'number' || typeof field === 'boolean') Object.assign(copy, { [key]: field });
  }
  return copy;
}

function safeGet(target: object, key: string | symbol): unknown {
  try {
    return (target as Record<string | symbol, unknown>)[key];
  } catch {
    return undefined;
  }
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return 'unprintable error';
  }
}
