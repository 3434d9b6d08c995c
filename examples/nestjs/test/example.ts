import { type ExampleConfig, exampleConfig } from '@klarefi/example-kit';
import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppModule } from '../src/app.module.js';
import { ClaimsService } from '../src/claims.service.js';
import { EXAMPLE_CONFIG } from '../src/config.js';
import { acceptKlarefiDeliveries } from '../src/body-limit.js';

/** The running example: its URL and its claims service (which holds the store). */
export interface RunningExample {
  app: INestApplication;
  url: string;
  claims: ClaimsService;
}

/** The example's config pointed at a running emulator. */
export function configFor(emulator: { url: string; apiKey: string; webhookSecret: string }): ExampleConfig {
  return exampleConfig({
    KLAREFI_API_KEY: emulator.apiKey,
    KLAREFI_API_BASE_URL: emulator.url,
    KLAREFI_WEBHOOK_SECRET: emulator.webhookSecret,
  });
}

/** Starts AppModule as main.ts does (rawBody: true, the raised JSON limit), with `config`, on 127.0.0.1 on a free port. */
export async function startExample(
  config: ExampleConfig,
  platform: 'express' | 'fastify' = 'express',
): Promise<RunningExample> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(EXAMPLE_CONFIG)
    .useValue(config)
    .compile();
  const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const app = moduleRef.createNestApplication(adapter, { rawBody: true, logger: false });
  acceptKlarefiDeliveries(app);
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), claims: app.get(ClaimsService) };
}
