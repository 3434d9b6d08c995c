import { KlarefiConfigError } from '../errors/base.js';

/** How a path is compared with the core's route paths. */
export interface RouteMatch {
  /** Match at the end of the path, for a catch-all route that sees the whole URL path. @default false */
  suffix?: boolean;
  /**
   * The framework's mount pattern (`'/klarefi/*'`, `'/t/:tenant/*'`): the route paths are
   * relative to it, so its segments are skipped first. Only patterns with a fixed number of
   * segments can be measured; any other throws a `KlarefiConfigError`.
   * @default none
   */
  mount?: string;
}

// A parameter segment may constrain itself with `{regex}`; one that could match a `/` would make
// the mount's depth depend on the request, so it is refused.
function isOneSegment(part: string): boolean {
  if (!part.startsWith(':')) return !/[:*?{}]/.test(part);
  const brace = part.indexOf('{');
  const name = brace === -1 ? part.slice(1) : part.slice(1, brace);
  if (name === '' || !/^[\w-]+$/.test(name)) return false;
  return brace === -1 || (part.endsWith('}') && !/[./\\]/.test(part.slice(brace + 1, -1)));
}

/**
 * How many leading segments a mount pattern covers: `'/t/:tenant/*'` → 2, `'/*'` or `'*'` → 0.
 * @throws {KlarefiConfigError} for an optional parameter, a wildcard before the end, or a
 *   parameter whose pattern can span a `/`.
 */
export function mountDepth(pattern: string): number {
  const parts = pattern
    .replace(/\/?\*$/, '')
    .split('/')
    .filter((part) => part !== '');
  if (parts.every(isOneSegment)) return parts.length;
  throw new KlarefiConfigError(
    `Klarefi cannot be mounted at "${pattern}": its routes are found relative to a mount point with a fixed number of segments, ` +
      `like '/klarefi/*' or '/t/:tenant/*'. Optional parameters, wildcards before the end and patterns that can span a "/" ` +
      'are not supported; mount it at such a path instead.',
  );
}

/** The path below `depth` leading segments: `('/t/acme/webhooks/klarefi', 2)` → `'/webhooks/klarefi'`. */
export function pathBelow(path: string, depth: number): string {
  if (depth === 0) return path;
  let index = 0;
  for (let seen = 0; seen < depth && index !== -1; seen++) index = path.indexOf('/', index + 1);
  return index === -1 ? '/' : path.slice(index);
}

/** The one path matcher: `path` against a route path, as `match` says. */
export function createRouteMatcher(): (path: string, routePath: string, match?: RouteMatch) => boolean {
  const depths = new Map<string, number>();
  return (path, routePath, match) => {
    let below = path;
    if (match?.mount !== undefined) {
      let depth = depths.get(match.mount);
      if (depth === undefined) {
        depth = mountDepth(match.mount);
        depths.set(match.mount, depth);
      }
      below = pathBelow(path, depth);
    }
    return match?.suffix ? below.endsWith(routePath) : below === routePath;
  };
}
