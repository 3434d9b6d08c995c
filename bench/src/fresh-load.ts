import autocannon from 'autocannon';
import { signedDelivery } from './payloads.js';

let sequence = 0;
/**
 * A signed `v1.case.completed` with a delivery id never sent before, so a dedupe store claims and
 * completes, and a queue adds a job, on every request (no "already processed" shortcut).
 */
export function freshDelivery(): { body: string; headers: Record<string, string> } {
  const id = `whd_bench_${process.pid}_${++sequence}`;
  return signedDelivery(
    JSON.stringify({
      event_id: `evt_${id}`,
      delivery_id: id,
      event_type: 'v1.case.completed',
      semantic_event_type: 'case.completed',
      case_id: `case_${sequence}`,
      data: { case_status: 'completed' },
    }),
  );
}

/**
 * autocannon against `url` with a fresh delivery per request; throws unless (nearly) every
 * answer was a 2xx, since a refused delivery would measure the refusal path instead.
 */
export async function loadFreshDeliveries(what: string, url: string, connections: number, duration: number) {
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    pipelining: 1,
    duration,
    sampleInt: 100,
    requests: [{ setupRequest: (request) => ({ ...request, ...freshDelivery() }) }],
  });
  const ok = (result as unknown as Record<string, number>)['2xx'] ?? 0;
  if (ok === 0 || result.errors > 0 || ok < result.requests.total * 0.999) {
    throw new Error(
      `${what} load run against ${url} failed: ${ok} ok, ${result.non2xx} non-2xx, ${result.errors} errors.`,
    );
  }
  return { rps: ok / result.duration, ok, p99: result.latency.p99 };
}
