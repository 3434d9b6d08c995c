import { describe, expect, it } from 'vitest';
import { KlarefiConfigError } from '../../src/errors/base.js';
import { KlarefiUnavailableError } from '../../src/errors/unavailable.js';
import { createCore } from '../../src/handler/core.js';
import type { KlarefiOptions } from '../../src/handler/options.js';
import { logWebhookOutcomes, type WebhookOutcome } from '../../src/handler/outcome.js';
import { answerWebRequest } from '../../src/handler/web-handler.js';
import type { DedupeStore } from '../../src/webhooks/dedupe.js';
import { generateTestHeader, verifyAndParse } from '../../src/webhooks/node.js';
import { refusalOf, webhookRequest } from './request.js';

const SECRET = 'whsec_outcomes_test_secret';
const MARKER = 'claimant-body-marker-7731';

function setup(options: Partial<KlarefiOptions<{ id: number }>> = {}) {
  const outcomes: [WebhookOutcome, unknown][] = [];
  let behaviour: 'ok' | 'throw' | 'handoff' = 'ok';
  const core = createCore<{ id: number }, never>(
    {
      webhookSecret: SECRET,
      startClaim: false,
      onEvent: () => {
        if (behaviour === 'throw') throw new Error(`handler down ${MARKER}`);
        if (behaviour === 'handoff')
          throw new KlarefiUnavailableError('queue down', { retryAfterSeconds: 7 });
      },
      ...options,
      webhook: { onOutcome: (outcome, request) => outcomes.push([outcome, request]), ...options.webhook },
    },
    verifyAndParse,
  );
  let n = 0;
  const deliver = (
    deliveryId: string,
    overrides: { header?: string; method?: string; body?: string } = {},
  ) => {
    const body =
      overrides.body ??
      JSON.stringify({ event_type: 'v1.case.completed', delivery_id: deliveryId, note: MARKER });
    return core.handleWebhook(
      webhookRequest({
        method: overrides.method ?? 'POST',
        headers: {
          'x-klarefi-signature': overrides.header ?? generateTestHeader({ payload: body, secret: SECRET }),
        },
        rawBody: body,
        request: { id: ++n },
      }),
    );
  };
  const refusal = async (promise: Promise<import('../../src/handler/answer.js').KlarefiAnswer>) => {
    const answer = await promise;
    expect(answer.status).toBeGreaterThanOrEqual(400);
    return { ...refusalOf(answer), headers: answer.headers, answer };
  };
  return { outcomes, deliver, refusal, set: (b: typeof behaviour) => (behaviour = b) };
}

const shape = ({ durationMs: _ignored, error: _error, ...rest }: WebhookOutcome) => rest;

describe('webhook outcomes', () => {
  it('reports a processed delivery, then its duplicate, once each, with the request', async () => {
    const { outcomes, deliver } = setup();
    expect((await deliver('whd_1')).status).toBe(200);
    expect((await deliver('whd_1')).status).toBe(200);
    expect(outcomes.map(([o]) => shape(o))).toEqual([
      { outcome: 'processed', code: null, status: 200, deliveryId: 'whd_1', eventName: 'case.completed' },
      { outcome: 'duplicate', code: null, status: 200, deliveryId: 'whd_1', eventName: 'case.completed' },
    ]);
    expect(outcomes.map(([, request]) => request)).toEqual([{ id: 1 }, { id: 2 }]);
    for (const [o] of outcomes) expect(o.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports refusals with their code, before anything about the event is known', async () => {
    const { outcomes, deliver, refusal } = setup();
    await refusal(deliver('whd_2', { header: generateTestHeader({ payload: 'other', secret: SECRET }) }));
    await refusal(deliver('whd_2', { method: 'GET' }));
    await refusal(deliver('whd_2', { header: 't=abc' }));
    expect(outcomes.map(([o]) => shape(o))).toEqual([
      { outcome: 'refused', code: 'no_matching_signature', status: 401, deliveryId: null, eventName: null },
      { outcome: 'refused', code: 'method_not_allowed', status: 405, deliveryId: null, eventName: null },
      { outcome: 'refused', code: 'malformed_header', status: 400, deliveryId: null, eventName: null },
    ]);
  });

  it("reports a failing handler as failed, with the handler's own error, and never the body or the secret", async () => {
    const { outcomes, deliver, refusal, set } = setup();
    set('throw');
    expect((await refusal(deliver('whd_3'))).status).toBe(500);
    expect(shape(outcomes[0]![0])).toEqual({
      outcome: 'failed',
      code: 'handler_failed',
      status: 500,
      deliveryId: 'whd_3',
      eventName: 'case.completed',
    });
    expect((outcomes[0]![0].error as Error).message).toBe(`handler down ${MARKER}`);
    const text = JSON.stringify(outcomes.map(([o]) => shape(o)));
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain(SECRET);
  });

  it('answers 503 queue_unavailable with retry-after when a handler cannot hand off, and releases the claim', async () => {
    const { outcomes, deliver, refusal, set } = setup();
    set('handoff');
    const error = await refusal(deliver('whd_4'));
    expect(error.status).toBe(503);
    expect(error.code).toBe('queue_unavailable');
    expect(error.headers['retry-after']).toBe('7');
    expect(error.answer.body).not.toContain('queue down');
    set('ok');
    expect((await deliver('whd_4')).status).toBe(200);
    expect(outcomes.map(([o]) => [o.outcome, o.code])).toEqual([
      ['unavailable', 'queue_unavailable'],
      ['processed', null],
    ]);
  });

  it('reports a delivery another request holds as in_progress, and a store that is down as unavailable', async () => {
    let state: 'processing' | 'down' = 'processing';
    const store: DedupeStore = {
      claim: async () => {
        if (state === 'down') throw new Error('ECONNREFUSED');
        return 'processing' as const;
      },
      complete: async () => true,
      release: async () => true,
    };
    const { outcomes, deliver, refusal } = setup({ webhook: { dedupe: store } });
    expect((await refusal(deliver('whd_5'))).status).toBe(409);
    state = 'down';
    expect((await refusal(deliver('whd_5'))).status).toBe(503);
    expect(outcomes.map(([o]) => [o.outcome, o.code, o.status])).toEqual([
      ['in_progress', 'delivery_in_progress', 409],
      ['unavailable', 'dedupe_unavailable', 503],
    ]);
  });

  it('ignores a reporter that throws or rejects: the answer stays the same', async () => {
    let calls = 0;
    for (const onOutcome of [
      () => {
        calls++;
        throw new Error('logger broken');
      },
      () => {
        calls++;
        return Promise.reject(new Error('exporter broken'));
      },
    ]) {
      const { deliver } = setup({ webhook: { onOutcome } });
      expect((await deliver('whd_6')).status).toBe(200);
    }
    expect(calls).toBe(2);
  });

  it('refuses an onOutcome that is not a function at start-up', () => {
    expect(() => setup({ webhook: { onOutcome: 'log' as never } })).toThrow(
      /webhook\.onOutcome must be a function/,
    );
  });
});

describe('logWebhookOutcomes', () => {
  it('logs info for processed, warn for refusals, error for failures, pino-style', async () => {
    const lines: [string, object, string][] = [];
    const logger = {
      info: (o: object, m: string) => lines.push(['info', o, m]),
      warn: (o: object, m: string) => lines.push(['warn', o, m]),
      error: (o: object, m: string) => lines.push(['error', o, m]),
    };
    const log = logWebhookOutcomes(logger);
    const { deliver, refusal, set } = setup({ webhook: { onOutcome: log } });
    await deliver('whd_7');
    await refusal(deliver('whd_8', { header: generateTestHeader({ payload: 'x', secret: SECRET }) }));
    set('throw');
    await refusal(deliver('whd_9'));
    expect(lines.map(([level]) => level)).toEqual(['info', 'warn', 'error']);
    expect(lines[1]![2]).toMatch(/^Klarefi webhook refused: no_matching_signature \(401, [\d.]+ ms\)$/);
    expect(lines[2]![2]).toMatch(/^Klarefi webhook case\.completed whd_9 failed: handler_failed \(500/);
    expect(lines[0]![1]).toMatchObject({ klarefi: { outcome: 'processed', deliveryId: 'whd_7' } });
  });

  it('refuses something that is not a logger', () => {
    expect(() => logWebhookOutcomes({} as never)).toThrow(KlarefiConfigError);
  });
});

describe('signing secrets are checked at start-up', () => {
  const build = (webhookSecret: string | string[]) => () =>
    createCore({ webhookSecret, startClaim: false }, verifyAndParse);

  it('refuses surrounding whitespace without echoing the secret', () => {
    const secret = 'whsec_abcdef123456\n';
    expect(build(secret)).toThrow(KlarefiConfigError);
    expect(build(secret)).toThrow(/webhookSecret has leading or trailing whitespace/);
    expect(build(secret)).not.toThrow(/abcdef123456/);
  });

  it('refuses a secret without whsec_, names an API key for what it is, and points at the entry of a list', () => {
    expect(build('abcdef123456')).toThrow(/does not start with "whsec_"/);
    expect(build('sk_test_abcdef')).toThrow(/looks like an API key/);
    expect(build(['whsec_good_one', ' whsec_second'])).toThrow(/^webhookSecret\[1\] has leading/);
    expect(build('sk_test_abcdef')).not.toThrow(/sk_test_abcdef/);
  });

  it('accepts a well-formed secret and a rotation list', () => {
    expect(build('whsec_abc')).not.toThrow();
    expect(build(['whsec_new', 'whsec_old'])).not.toThrow();
  });
});

describe('a body over webhook.maxBodyBytes on the Web handler', () => {
  it('is answered 413 by the core and reported once as a refusal', async () => {
    const outcomes: WebhookOutcome[] = [];
    const core = createCore<Request, never>(
      {
        webhookSecret: SECRET,
        startClaim: false,
        webhook: { maxBodyBytes: 16, onOutcome: (outcome) => void outcomes.push(outcome) },
      },
      verifyAndParse,
    );
    const request = new Request('http://127.0.0.1/webhooks/klarefi', {
      method: 'POST',
      body: 'x'.repeat(64),
    });
    const answer = await answerWebRequest(core, { request, path: core.webhookPath, context: request });
    expect(answer?.status).toBe(413);
    expect(outcomes.map(shape)).toEqual([
      { outcome: 'refused', code: 'payload_too_large', status: 413, deliveryId: null, eventName: null },
    ]);
  });
});
