import { sampleEnvelope, signedDelivery } from '@klarefi/conformance';
import type { WebhookOutcome } from '@klarefi/sdk';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { afterEach, describe, expect, it } from 'vitest';
import { KlarefiModule } from '../src/index.js';
import { PLATFORMS, send, startApp } from './helpers.js';

const SECRET = 'whsec_nest_outcome_tests';

/** Nest's logger interface, recording what reaches it. */
function recordingLogger() {
  const lines: { level: string; message: unknown; context: unknown }[] = [];
  const record =
    (level: string) =>
    (message: unknown, ...rest: unknown[]) =>
      void lines.push({ level, message, context: rest.at(-1) });
  const logger: LoggerService = {
    log: record('log'),
    warn: record('warn'),
    error: record('error'),
    debug: record('debug'),
    verbose: record('verbose'),
  };
  return { logger, klarefi: () => lines.filter((l) => l.context === 'Klarefi') };
}

describe.each(PLATFORMS)('webhook outcomes on NestJS (%s)', (platform) => {
  const apps: INestApplication[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  async function start(onOutcome?: (o: WebhookOutcome) => void, fail = false) {
    const { logger, klarefi } = recordingLogger();
    const app = await startApp(
      platform,
      {
        imports: [
          KlarefiModule.forRoot({
            webhookSecret: SECRET,
            startClaim: false,
            webhook: onOutcome ? { onOutcome } : undefined,
            onEvent: () => {
              if (fail) throw new Error('handler down');
            },
          }),
        ],
      },
      { appOptions: { logger } },
    );
    apps.push(app);
    const deliver = (secret = SECRET) =>
      send(app, {
        method: 'POST',
        path: '/webhooks/klarefi',
        ...signedDelivery(sampleEnvelope('v1.case.completed'), secret),
      });
    return { deliver, klarefi };
  }

  it("logs each outcome with Nest's Logger: log when processed, warn when refused, error when a handler fails", async () => {
    const { deliver, klarefi } = await start();
    expect((await deliver()).status).toBe(200);
    expect((await deliver('whsec_someone_else')).status).toBe(401);
    expect(klarefi().map((l) => l.level)).toEqual(['log', 'warn']);
    expect(String(klarefi()[0]?.message)).toMatch(
      /^Klarefi webhook case\.completed whd_\w+ processed \(200, /,
    );
    expect(String(klarefi()[1]?.message)).toMatch(/refused: no_matching_signature \(401/);
    expect(JSON.stringify(klarefi())).not.toContain(SECRET);
  });

  it('logs a failing handler at error', async () => {
    const { deliver, klarefi } = await start(undefined, true);
    expect((await deliver()).status).toBe(500);
    expect(klarefi().map((l) => [l.level, String(l.message)])).toEqual([
      ['error', expect.stringMatching(/failed: handler_failed \(500/)],
    ]);
  });

  it('hands outcomes to webhook.onOutcome instead when one is given', async () => {
    const seen: WebhookOutcome[] = [];
    const { deliver, klarefi } = await start((o) => seen.push(o));
    await deliver();
    expect(seen.map((o) => o.outcome)).toEqual(['processed']);
    expect(klarefi()).toEqual([]);
  });
});
