/** Something returned by every timed call, kept so the engine cannot drop the work. */
let sink = 0;

/** The sink's value; read it once at the end so the loops' results are observable. */
export function sinkValue(): number {
  return sink;
}

function consume(value: unknown): void {
  if (value !== null && typeof value === 'object') sink++;
}

/**
 * Operations per second of one timed batch, two ways: per second of wall-clock time, and per
 * second of this process's CPU time (all its threads). The second cannot be inflated by other
 * processes taking the CPU away mid-batch, so it is the steadier measure of pure CPU work.
 */
export interface Rate {
  wall: number;
  cpu: number;
}

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

function rate(ops: number, wallStart: number, wallEnd: number, cpuStart: number): Rate {
  const cpu = Math.max(cpuMicros() - cpuStart, 1);
  return { wall: (ops * 1000) / (wallEnd - wallStart), cpu: (ops * 1e6) / cpu };
}

/**
 * Runs `fn` back to back for about `ms` milliseconds. The clocks are read once per `chunk`
 * calls so that reading them costs nothing measurable.
 */
export function opsPerSecond(fn: () => unknown, ms: number, chunk: number): Rate {
  let ops = 0;
  const cpuStart = cpuMicros();
  const start = performance.now();
  let now = start;
  do {
    for (let i = 0; i < chunk; i++) consume(fn());
    ops += chunk;
    now = performance.now();
  } while (now - start < ms);
  return rate(ops, start, now, cpuStart);
}

/** {@link opsPerSecond} for an async function, awaited one call at a time (its latency, not its concurrency). */
export async function opsPerSecondAsync(
  fn: () => Promise<unknown>,
  ms: number,
  chunk: number,
): Promise<Rate> {
  let ops = 0;
  const cpuStart = cpuMicros();
  const start = performance.now();
  let now = start;
  do {
    for (let i = 0; i < chunk; i++) consume(await fn());
    ops += chunk;
    now = performance.now();
  } while (now - start < ms);
  return rate(ops, start, now, cpuStart);
}

/** How many calls of `fn` take about `targetMs` milliseconds: the chunk size for the timed loops. */
export async function calibrate(fn: () => unknown, targetMs = 2): Promise<number> {
  let n = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < n; i++) consume(await fn());
    const took = performance.now() - start;
    if (took >= targetMs || n >= 1 << 20)
      return Math.max(1, Math.round((n * targetMs) / Math.max(took, 0.001)));
    n *= 2;
  }
}
