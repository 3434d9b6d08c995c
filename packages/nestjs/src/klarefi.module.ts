import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { KlarefiCore } from '@klarefi/sdk/adapter';
import { KLAREFI_CLIENT, KLAREFI_CORE } from './klarefi.constants.js';
import { KlarefiExplorer } from './klarefi.explorer.js';
import { ConfigurableModuleClass } from './klarefi.module-definition.js';

/**
 * Klarefi for NestJS. Importing it serves `GET /start-claim` (a 303 redirect to a new hosted
 * intake session) and `POST /webhooks/klarefi` (a verified, deduplicated delivery whose event
 * runs your `@OnKlarefiEvent()` methods), provides the client to `@InjectKlarefi()`, and checks
 * its options at start-up: a missing secret or case type throws a `KlarefiConfigError` that says
 * what to set. Create the app with `{ rawBody: true }`: without it every delivery answers
 * `500 raw_body_unavailable` (logged once, with the fix).
 *
 * `forRoot(options)` takes options known now; `forRootAsync({ useFactory, inject, imports })` (or
 * `useClass` / `useExisting` with a `KlarefiOptionsFactory`) builds them, e.g. from `ConfigService`.
 * Both take `isGlobal` and `decorators`.
 * @example
 * @Module({
 *   imports: [
 *     KlarefiModule.forRoot({
 *       apiKey: process.env.KLAREFI_API_KEY,
 *       webhookSecret: process.env.KLAREFI_WEBHOOK_SECRET!,
 *       startClaim: { caseTypeId: 'motor_claim' },
 *     }),
 *   ],
 *   providers: [ClaimsService],
 * })
 * export class AppModule {}
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    KlarefiExplorer,
    { provide: KLAREFI_CLIENT, useFactory: (core: KlarefiCore) => core.client, inject: [KLAREFI_CORE] },
  ],
  exports: [KLAREFI_CLIENT],
})
export class KlarefiModule extends ConfigurableModuleClass {}
