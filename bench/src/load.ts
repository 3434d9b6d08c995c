import autocannon from 'autocannon';

/** One load run against one URL. */
export interface LoadOptions {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  /** Seconds. */
  duration: number;
  /** The status class that counts as success. @default 2 */
  okClass?: 2 | 3;
  /** A warm-up run: its numbers are not used, so a slow start is no failure. @default false */
  warmup?: boolean;
}

/** What one run measured. */
export interface LoadResult {
  /** Successful responses per second. */
  rps: number;
  /** Successful responses in all. */
  ok: number;
  /** 99th percentile latency, in milliseconds. */
  p99: number;
  /** Requests that failed or answered another status class. */
  failed: number;
}

/** Runs autocannon (programmatic API) once. A measured run with failures throws: its rate would mean nothing. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method,
    headers: options.headers,
    body: options.body,
    connections: options.connections,
    pipelining: 1,
    duration: options.duration,
    // autocannon notices the end of `duration` at its next sample tick (1 s by default).
    sampleInt: 100,
  });
  const counts = result as unknown as Record<string, number>;
  const ok = counts[`${options.okClass ?? 2}xx`] ?? 0;
  if (options.warmup)
    return { rps: ok / result.duration, ok, p99: result.latency.p99, failed: result.requests.total - ok };
  if (ok === 0 || result.errors > 0 || result.timeouts > 0 || ok < result.requests.total * 0.999) {
    throw new Error(
      `Load run against ${options.url} failed: ${ok} ok, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts.`,
    );
  }
  return { rps: ok / result.duration, ok, p99: result.latency.p99, failed: result.requests.total - ok };
}
