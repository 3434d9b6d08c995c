import type { TestServer } from './process.js';

/** Options of {@link runStoreFaults}. */
export interface StoreFaultOptions {
  /** The store's server: SIGKILLed and restarted mid-run. */
  server: TestServer;
  /** The receiver's webhook URL (a real adapter server on that store). */
  url: string;
  /** Signs a body as the service would: the `x-klarefi-signature` value. */
  sign: (body: string) => string;
  /** How often the receiver's handler ran, per `delivery_id`. */
  runs: ReadonlyMap<string, number>;
  /** @default 2000 */
  deliveries?: number;
  /** @default 20 */
  concurrency?: number;
  /** After this many deliveries ended `200`, the server is killed. @default 25% */
  killAfter?: number;
  /** How long the server stays down. @default 1000 */
  downMs?: number;
}

/** What a fault run measured. */
export interface StoreFaultReport {
  deliveries: number;
  requests: number;
  /** Answers by status (`"conn"` for a connection error). */
  answers: Record<string, number>;
  /** Ids whose handler never ran. */
  lost: string[];
  /** Ids whose handler ran more than once. */
  ranTwice: string[];
  /** Ids answered with something other than 200, 409 or 503. */
  unexpected: string[];
  /** The latest 409 after the restart, counted from the restart (0 when none). */
  last409AfterRestartMs: number;
  durationMs: number;
  phasesMs: { killed: number; restarted: number };
}

let faultRuns = 0;

/**
 * Bounded load through a receiver while its store's server is killed and restarted: a sender
 * that retries every non-200 answer with a short backoff, as the service would, until 200.
 */
export async function runStoreFaults(options: StoreFaultOptions): Promise<StoreFaultReport> {
  const { deliveries = 2000, concurrency = 20, downMs = 1000 } = options;
  const killAfter = options.killAfter ?? Math.floor(deliveries / 4);
  const run = `${Date.now().toString(36)}${(faultRuns++).toString(36)}`;
  const answers: Record<string, number> = {};
  const unexpected = new Set<string>();
  const started = performance.now();
  let requests = 0;
  let ended = 0;
  let killedAt = 0;
  let restartedAt = 0;
  let last409 = 0;
  let outage: Promise<void> | undefined;

  async function send(body: string): Promise<number | 'conn'> {
    requests++;
    try {
      const res = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-klarefi-signature': options.sign(body) },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 'conn';
    }
  }

  async function deliver(index: number): Promise<void> {
    const id = `whd_faults_${run}_${index}`;
    const body = JSON.stringify({
      event_type: 'v1.case.completed',
      delivery_id: id,
      case_id: `case_${index}`,
    });
    for (let attempt = 0; attempt < 400; attempt++) {
      const status = await send(body);
      answers[status] = (answers[status] ?? 0) + 1;
      if (status === 200) {
        if (++ended === killAfter) {
          killedAt = performance.now();
          outage = options.server
            .kill()
            .then(() => new Promise((resolve) => setTimeout(resolve, downMs)))
            .then(() => options.server.restart())
            .then(() => {
              restartedAt = performance.now();
            });
        }
        return;
      }
      if (status === 409 && restartedAt > 0) last409 = Math.max(last409, performance.now() - restartedAt);
      if (status !== 409 && status !== 503) unexpected.add(id);
      await new Promise((resolve) => setTimeout(resolve, 25 + Math.min(200, 10 * attempt)));
    }
    throw new Error(`delivery ${id} did not end 200 after 400 attempts`);
  }

  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < deliveries) await deliver(next++);
    }),
  );
  await outage;
  const ids = Array.from({ length: deliveries }, (_, index) => `whd_faults_${run}_${index}`);
  return {
    deliveries,
    requests,
    answers,
    lost: ids.filter((id) => !options.runs.has(id)),
    ranTwice: ids.filter((id) => (options.runs.get(id) ?? 0) > 1),
    unexpected: [...unexpected],
    last409AfterRestartMs: Math.round(last409),
    durationMs: Math.round(performance.now() - started),
    phasesMs: { killed: Math.round(killedAt - started), restarted: Math.round(restartedAt - started) },
  };
}
