import { Writable } from 'node:stream';
import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import type { WebhookOutcome } from '@klarefi/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import klarefi from '../src/index.js';
import { MAJORS } from './support.js';

const SECRET = 'whsec_fastify_outcome_tests';

describe.each(MAJORS)('webhook outcomes on %s', (_major, Fastify) => {
  const apps: { close(): Promise<unknown> }[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  async function start(webhook?: { onOutcome?: (o: WebhookOutcome) => void }, fail = false) {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const app = Fastify({ logger: { level: 'info', stream } });
    apps.push(app);
    await app.register(klarefi, {
      webhookSecret: SECRET,
      startClaim: false,
      webhook,
      onEvent: () => {
        if (fail) throw new Error('handler down');
      },
    });
    const deliver = (secret = SECRET) => {
      const { body, headers } = signedDelivery(sampleEnvelope('v1.case.completed'), secret);
      return app.inject({ method: 'POST', url: '/webhooks/klarefi', headers, payload: body });
    };
    const outcomes = () => lines.filter((line) => line.klarefi !== undefined);
    return { deliver, outcomes };
  }

  it("logs each outcome to request.log: info when processed, warn when refused, with the request's id", async () => {
    const { deliver, outcomes } = await start();
    expect((await deliver()).statusCode).toBe(200);
    expect((await deliver('whsec_someone_else')).statusCode).toBe(401);
    const [processed, refused] = outcomes();
    expect(processed).toMatchObject({ level: 30, klarefi: { outcome: 'processed', status: 200 } });
    expect(processed?.msg).toMatch(/^Klarefi webhook case\.completed whd_\w+ processed \(200, /);
    expect(processed?.reqId).toBeDefined();
    expect(refused).toMatchObject({
      level: 40,
      klarefi: { outcome: 'refused', code: 'no_matching_signature' },
    });
    expect(JSON.stringify(outcomes())).not.toContain(SECRET);
  });

  it('logs a failing handler at error', async () => {
    const { deliver, outcomes } = await start(undefined, true);
    expect((await deliver()).statusCode).toBe(500);
    expect(outcomes()).toEqual([
      expect.objectContaining({
        level: 50,
        klarefi: expect.objectContaining({ outcome: 'failed', code: 'handler_failed' }),
      }),
    ]);
  });

  it('hands outcomes to webhook.onOutcome instead when one is given', async () => {
    const seen: WebhookOutcome[] = [];
    const { deliver, outcomes } = await start({ onOutcome: (o) => seen.push(o) });
    await deliver();
    expect(seen.map((o) => o.outcome)).toEqual(['processed']);
    expect(outcomes()).toEqual([]);
  });
});
