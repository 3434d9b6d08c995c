import { describe, expect, it } from 'vitest';
import { KlarefiConfigError } from '../../src/errors/base.js';
import { createCore } from '../../src/handler/core.js';
import type { WebhookOptions } from '../../src/handler/options.js';
import { type DedupeStore, MemoryDedupeStore } from '../../src/webhooks/dedupe.js';
import { generateTestHeader, verifyAndParse } from '../../src/webhooks/node.js';
import { refusalOf, webhookRequest } from './request.js';

const SECRET = 'whsec_dedupe_store_test';
const LEAK = 'redis://default:hunter2@cache.internal:6379';

function setup(webhook: WebhookOptions) {
  const runs: string[] = [];
  let failNext = false;
  const core = createCore(
    {
      webhookSecret: SECRET,
      startClaim: false,
      webhook,
      onEvent: (event) => {
        runs.push(String((event as { delivery_id?: unknown }).delivery_id));
        if (failNext) {
          failNext = false;
          throw new Error('handler down');
        }
      },
    },
    verifyAndParse,
  );
  const deliver = (deliveryId: string) => {
    const body = JSON.stringify({ event_type: 'v1.case.completed', delivery_id: deliveryId, case_id: 'c1' });
    return core.handleWebhook(
      webhookRequest({
        method: 'POST',
        headers: { 'x-klarefi-signature': generateTestHeader({ payload: body, secret: SECRET }) },
        rawBody: body,
        request: null,
      }),
    );
  };
  const refusal = async (deliveryId: string) => {
    const answer = await deliver(deliveryId);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    return { ...refusalOf(answer), answer };
  };
  return { runs, deliver, refusal, failOnce: () => (failNext = true) };
}

/** A store whose calls are recorded and can be made to fail. */
function recordingStore(overrides: Partial<DedupeStore> = {}) {
  const inner = new MemoryDedupeStore();
  const calls: unknown[][] = [];
  const record =
    <K extends keyof DedupeStore>(name: K) =>
    (...args: Parameters<DedupeStore[K]>) => {
      calls.push([name, ...args]);
      const call = (overrides[name] ?? inner[name].bind(inner)) as (...a: unknown[]) => unknown;
      return call(...args) as ReturnType<DedupeStore[K]>;
    };
  const store: DedupeStore = {
    claim: record('claim'),
    complete: record('complete'),
    release: record('release'),
  };
  return { store, calls };
}

describe('the dedupe store in handleWebhook', () => {
  it('makes two round trips per delivery: claim with a token, then complete with the same token', async () => {
    const { store, calls } = recordingStore();
    const { deliver } = setup({ dedupe: store });
    expect((await deliver('whd_1')).status).toBe(200);
    expect(calls).toHaveLength(2);
    const [claim, complete] = calls as [unknown[], unknown[]];
    expect(claim).toEqual(['claim', 'whd_1', expect.any(String), 60_000]);
    expect(complete).toEqual(['complete', 'whd_1', claim[2], 86_400_000]);
  });

  it('releases with the claim token when the handler fails, and claims afresh on the retry', async () => {
    const { store, calls } = recordingStore();
    const { deliver, refusal, failOnce, runs } = setup({
      dedupe: store,
      claimTtlSeconds: 5,
      dedupeTtlSeconds: 7,
    });
    failOnce();
    expect((await refusal('whd_1')).code).toBe('handler_failed');
    expect((await deliver('whd_1')).status).toBe(200);
    expect(runs).toEqual(['whd_1', 'whd_1']);
    const [claim, release, retry, complete] = calls as unknown[][];
    expect(claim?.[3]).toBe(5_000);
    expect(release).toEqual(['release', 'whd_1', claim?.[2]]);
    expect(retry?.[2]).not.toBe(claim?.[2]);
    expect(complete).toEqual(['complete', 'whd_1', retry?.[2], 7_000]);
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error(`connect ECONNREFUSED ${LEAK}`);
      },
    ],
    [
      'rejects',
      () => Promise.reject(Object.assign(new Error(`auth failed for ${LEAK}`), { code: 'NOAUTH' })),
    ],
    ['answers nonsense', () => 'OK' as never],
  ])('answers 503 dedupe_unavailable, without running the handler, when claim %s', async (_, claim) => {
    const { store } = recordingStore({ claim });
    const { refusal, runs } = setup({ dedupe: store });
    const error = await refusal('whd_1');
    expect(error.status).toBe(503);
    expect(error.code).toBe('dedupe_unavailable');
    expect(error.answer.headers['retry-after']).toBe('10');
    expect(error.answer.outcome?.outcome).toBe('unavailable');
    expect(runs).toEqual([]);
    for (const text of [
      error.answer.body ?? '',
      error.message,
      String((error.answer.outcome?.error as Error | undefined)?.message),
      (error.answer.outcome?.error as Error | undefined)?.stack ?? '',
    ]) {
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('cache.internal');
    }
  });

  it('answers 200 when complete fails after the handler ran (a 503 would run it twice)', async () => {
    const { store } = recordingStore({ complete: () => Promise.reject(new Error(LEAK)) });
    const { deliver, runs } = setup({ dedupe: store });
    expect((await deliver('whd_1')).status).toBe(200);
    expect(runs).toEqual(['whd_1']);
  });

  it('still answers 500 handler_failed when release fails too', async () => {
    const { store } = recordingStore({ release: () => Promise.reject(new Error(LEAK)) });
    const { refusal, failOnce } = setup({ dedupe: store });
    failOnce();
    expect((await refusal('whd_1')).code).toBe('handler_failed');
  });

  it('processes the retry once a crashed instance’s claim lapses after claimTtlSeconds', async () => {
    let now = 1_000_000;
    const store = new MemoryDedupeStore({ now: () => now });
    const { deliver, refusal, runs } = setup({ dedupe: store, claimTtlSeconds: 30 });
    store.claim('whd_1', 'the-crashed-instance', 30_000);
    expect((await refusal('whd_1')).code).toBe('delivery_in_progress');
    now += 30_000;
    expect((await deliver('whd_1')).status).toBe(200);
    expect(runs).toEqual(['whd_1']);
    expect(store.complete('whd_1', 'the-crashed-instance', 1)).toBe(false);
  });

  it.each([0, -1, 1.5, '60'])('refuses webhook.claimTtlSeconds %s at start-up', (claimTtlSeconds) => {
    expect(() => setup({ claimTtlSeconds: claimTtlSeconds as number })).toThrow(KlarefiConfigError);
    expect(() => setup({ claimTtlSeconds: claimTtlSeconds as number })).toThrow(/webhook\.claimTtlSeconds/);
  });
});
