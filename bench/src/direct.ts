import { KlarefiClient } from '@klarefi/sdk';

/** What one run of direct `createSession` calls measured. */
export interface DirectResult {
  rps: number;
  ok: number;
  /** 99th percentile latency, in milliseconds. */
  p99: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

const clients = new Map<string, KlarefiClient>();

/**
 * `connections` concurrent loops calling `client.createSession` for `duration` seconds: the
 * API call an adapter's start-claim route makes, without the adapter and its HTTP hop. Runs in a
 * child process of its own, like each adapter.
 */
export async function directCreateSession(options: {
  apiKey: string;
  baseUrl: string;
  connections: number;
  duration: number;
}): Promise<DirectResult> {
  const key = `${options.baseUrl} ${options.apiKey}`;
  let client = clients.get(key);
  if (!client) {
    client = new KlarefiClient({ apiKey: options.apiKey, baseUrl: options.baseUrl });
    clients.set(key, client);
  }
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + options.duration * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const session = await (client as KlarefiClient).createSession({ case_type_id: 'motor_claim' });
        if (!session.signed_url) throw new Error('createSession answered without a signed_url.');
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return { rps: latencies.length / elapsed, ok: latencies.length, p99: percentile(latencies, 99) };
}
