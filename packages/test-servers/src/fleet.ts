import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options of {@link runFleet}. */
export interface FleetOptions {
  /**
   * The receiver's entry file (JavaScript), run as `node <receiver>` with `PORT=0` and
   * `RUNS_FILE` set. It prints `listening <port>` once it serves, answers signed
   * `v1.case.completed` deliveries on `POST /webhooks/klarefi`, fails when the request has
   * `x-test-fail: 1`, and otherwise waits `work_ms` and appends `<delivery_id>\n` to `RUNS_FILE`.
   */
  receiver: string;
  /** More environment for the receivers (the store's URL, which client). */
  env: Record<string, string>;
  /** Signs a body as the service would: the `x-klarefi-signature` value. */
  sign: (body: string) => string;
  /** @default 1000 */
  deliveries?: number;
  /** How many deliveries are sent at once. @default 24 */
  concurrency?: number;
  /** After this many deliveries have ended `200`, the second receiver is SIGKILLed and restarted. @default 40% */
  killAfter?: number;
  /** Runs (awaited) right before the second receiver is SIGKILLed, with its process id. */
  beforeKill?: (pid: number) => Promise<void> | void;
  /** Runs (awaited) once every delivery ended, before the receivers stop, with their base URLs. */
  afterRun?: (baseUrls: string[]) => Promise<void> | void;
}

/** What a fleet run measured. */
export interface FleetReport {
  deliveries: number;
  sentToBoth: number;
  failedFirst: number;
  requests: number;
  /** Answers by status (`"conn"` for a connection error). */
  answers: Record<string, number>;
  /** Ids that never ran. */
  lost: string[];
  /** Ids that ran more than once. */
  ranTwice: string[];
  /** Ids with a request open on the killed receiver when it died. */
  inFlightAtKill: string[];
  /** Ids that ran twice and were not in flight on the killed receiver: must be empty. */
  unexplained: string[];
  durationMs: number;
  /** When both receivers listened, when the second was killed and when it listened again. */
  phasesMs: { listening: number; killed: number; restarted: number };
}

let fleetRuns = 0;

interface Receiver {
  child: ChildProcess;
  url: string;
}

// A small seeded generator, so every run makes the same choices.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function startReceiver(options: FleetOptions, runsFile: string): Promise<Receiver> {
  const child = spawn(process.execPath, [options.receiver], {
    env: { ...process.env, ...options.env, PORT: '0', RUNS_FILE: runsFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /listening (\d+)/.exec(output)?.[1];
      if (port) resolve({ child, url: `http://127.0.0.1:${port}/webhooks/klarefi` });
    });
    child.once('exit', (code) => reject(new Error(`receiver exited (${code}) before listening: ${output}`)));
  });
}

function stopReceiver(receiver: Receiver, signal: NodeJS.Signals): Promise<void> {
  if (receiver.child.exitCode !== null || receiver.child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => receiver.child.once('exit', () => resolve()));
  receiver.child.kill(signal);
  return exited;
}

/**
 * Two receiver processes on one store, and a sender that retries like the service (409, 5xx,
 * connection errors, with backoff): 20% of deliveries go to both at the same moment, 10% fail
 * their first attempt, and the second receiver is SIGKILLed and restarted mid-run.
 */
export async function runFleet(options: FleetOptions): Promise<FleetReport> {
  const { deliveries = 1000, concurrency = 24 } = options;
  const killAfter = options.killAfter ?? Math.floor(deliveries * 0.4);
  const dir = mkdtempSync(join(tmpdir(), 'klarefi-fleet-'));
  const runsFile = join(dir, 'runs');
  writeFileSync(runsFile, '');
  const started = performance.now();
  const receivers = await Promise.all([startReceiver(options, runsFile), startReceiver(options, runsFile)]);
  const listeningAtMs = performance.now() - started;
  const answers: Record<string, number> = {};
  const openOnB = new Map<string, number>();
  const inFlightAtKill = new Set<string>();
  let requests = 0;
  let ended = 0;
  let restarting: Promise<void> | undefined;
  let killedAtMs = 0;
  let restartedAtMs = 0;
  const rand = random(14);
  // Unique per run, so runs against one store never see each other's ids.
  const run = `${Date.now().toString(36)}${(fleetRuns++).toString(36)}`;

  async function send(target: number, id: string, body: string, fail: boolean): Promise<number | 'conn'> {
    const receiver = receivers[target] as Receiver;
    requests++;
    if (target === 1) openOnB.set(id, (openOnB.get(id) ?? 0) + 1);
    try {
      const res = await fetch(receiver.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-klarefi-signature': options.sign(body),
          ...(fail && { 'x-test-fail': '1' }),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 'conn';
    } finally {
      if (target === 1) {
        const open = (openOnB.get(id) ?? 1) - 1;
        if (open === 0) openOnB.delete(id);
        else openOnB.set(id, open);
      }
    }
  }

  async function killAndRestartB(): Promise<void> {
    const old = receivers[1] as Receiver;
    if (options.beforeKill && old.child.pid !== undefined) await options.beforeKill(old.child.pid);
    for (const id of openOnB.keys()) inFlightAtKill.add(id);
    return stopReceiver(old, 'SIGKILL').then(async () => {
      receivers[1] = await startReceiver(options, runsFile);
    });
  }

  async function deliver(index: number): Promise<void> {
    const id = `whd_fleet_${run}_${index}`;
    const both = index % 5 === 0;
    const failsFirst = index % 10 === 3;
    const body = JSON.stringify({
      event_type: 'v1.case.completed',
      delivery_id: id,
      case_id: `case_${index}`,
      work_ms: 1 + Math.floor(rand() * 6),
    });
    for (let attempt = 0; attempt < 200; attempt++) {
      const first = Math.floor(rand() * 2);
      const targets = attempt === 0 && both ? [0, 1] : [(first + attempt) % 2];
      const results = await Promise.all(
        targets.map((target, n) => send(target, id, body, attempt === 0 && failsFirst && n === 0)),
      );
      for (const result of results) answers[result] = (answers[result] ?? 0) + 1;
      if (results.includes(200)) {
        ended++;
        if (ended === killAfter) {
          killedAtMs = performance.now() - started;
          restarting = killAndRestartB().then(() => {
            restartedAtMs = performance.now() - started;
          });
        }
        return;
      }
      const refused = results.find((r) => r !== 'conn' && r !== 409 && r < 500);
      if (refused !== undefined)
        throw new Error(`delivery ${id} was refused with ${refused}; the sender does not retry that`);
      // The service's backoff, compressed: 20 ms doubling to 320 ms, with jitter.
      await new Promise((resolve) => setTimeout(resolve, Math.min(320, 20 * 2 ** attempt) * (0.5 + rand())));
    }
    throw new Error(`delivery ${id} did not end 200 after 200 attempts`);
  }

  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < deliveries) await deliver(next++);
      }),
    );
    await restarting;
    await options.afterRun?.(receivers.map((receiver) => receiver.url.replace(/\/webhooks\/klarefi$/, '')));
    const runs = new Map<string, number>();
    for (const line of readFileSync(runsFile, 'utf8').split('\n')) {
      if (line) runs.set(line, (runs.get(line) ?? 0) + 1);
    }
    const ids = Array.from({ length: deliveries }, (_, index) => `whd_fleet_${run}_${index}`);
    const ranTwice = ids.filter((id) => (runs.get(id) ?? 0) > 1);
    return {
      deliveries,
      sentToBoth: ids.filter((_, index) => index % 5 === 0).length,
      failedFirst: ids.filter((_, index) => index % 10 === 3).length,
      requests,
      answers,
      lost: ids.filter((id) => !runs.has(id)),
      ranTwice,
      inFlightAtKill: [...inFlightAtKill],
      unexplained: ranTwice.filter((id) => !inFlightAtKill.has(id) || (runs.get(id) ?? 0) > 2),
      durationMs: Math.round(performance.now() - started),
      phasesMs: {
        listening: Math.round(listeningAtMs),
        killed: Math.round(killedAtMs),
        restarted: Math.round(restartedAtMs),
      },
    };
  } finally {
    await Promise.all(receivers.map((receiver) => stopReceiver(receiver, 'SIGTERM')));
    rmSync(dir, { recursive: true, force: true });
  }
}
