import { KlarefiConfigError } from '@klarefi/sdk';

// A segment that matches a fixed number of path segments: a literal, `:name` or `:name{regex}`
// whose regex cannot cross a `/` (no `.`, `/` or escape that could match one).
const ONE_SEGMENT = /^(?:[^:*?{}]*|:[\w-]+(?:\{[^./\\]*\})?)$/;

function unsupported(pattern: string): KlarefiConfigError {
  return new KlarefiConfigError(
    `klarefi() cannot be mounted at "${pattern}": its routes are found relative to a mount point with a fixed number of segments, ` +
      `like app.use('/klarefi/*', klarefi(...)) or app.use('/t/:tenant/*', klarefi(...)). Optional parameters, wildcards ` +
      'before the end and patterns that can span a "/" are not supported; mount the middleware at such a path instead.',
  );
}

/**
 * How many leading segments of the request path the mount pattern covers: `'/t/:tenant/*'` → 2,
 * `'/*'` or `'*'` → 0. Checked once per pattern; a pattern it cannot measure is refused loudly.
 */
export function mountDepth(pattern: string): number {
  const parts = pattern
    .replace(/\/?\*$/, '')
    .split('/')
    .filter((part) => part !== '');
  if (!parts.every((part) => ONE_SEGMENT.test(part))) throw unsupported(pattern);
  return parts.length;
}

/** The request path below a mount of `depth` segments: `('/t/acme/webhooks/klarefi', 2)` → `'/webhooks/klarefi'`. */
export function pathBelow(path: string, depth: number): string {
  if (depth === 0) return path;
  let index = 0;
  for (let seen = 0; seen < depth && index !== -1; seen++) index = path.indexOf('/', index + 1);
  return index === -1 ? '/' : path.slice(index);
}
