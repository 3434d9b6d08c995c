import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { createKlarefiCore, type KlarefiCore } from '@klarefi/sdk';
import { KLAREFI_CLIENT, KLAREFI_CORE, KLAREFI_MODULE_OPTIONS } from './klarefi.constants.js';
import { createKlarefiController } from './klarefi.controller.js';
import { KlarefiExplorer } from './klarefi.explorer.js';
import { ASYNC_OPTIONS_TYPE, ConfigurableModuleClass, OPTIONS_TYPE } from './klarefi.module-definition.js';
import { KlarefiRawBody } from './klarefi.raw-body.js';
import type { KlarefiModuleOptions, KlarefiRequest } from './klarefi-module-options.interface.js';

function createCore(options: KlarefiModuleOptions, explorer: KlarefiExplorer): KlarefiCore<KlarefiRequest> {
  return createKlarefiCore<KlarefiRequest>({
    ...options,
    onEvent: explorer.dispatcher(options.onEvent) as never,
  });
}

function withRoutes(definition: DynamicModule): DynamicModule {
  return { ...definition, controllers: [...(definition.controllers ?? []), createKlarefiController()] };
}

/**
 * Klarefi for NestJS. Importing it serves `GET /start-claim` (a 303 redirect to a new hosted
 * intake session) and `POST /webhooks/klarefi` (a verified, deduplicated delivery whose event
 * runs your `@OnKlarefiEvent()` methods), provides the client to `@InjectKlarefi()`, and checks
 * its options at start-up: a missing secret or case type throws a `KlarefiConfigError` that says
 * what to set. The app must be created with `{ rawBody: true }`; start-up fails otherwise.
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
    KlarefiRawBody,
    { provide: KLAREFI_CORE, useFactory: createCore, inject: [KLAREFI_MODULE_OPTIONS, KlarefiExplorer] },
    { provide: KLAREFI_CLIENT, useFactory: (core: KlarefiCore) => core.client, inject: [KLAREFI_CORE] },
  ],
  exports: [KLAREFI_CLIENT],
})
export class KlarefiModule extends ConfigurableModuleClass {
  /**
   * Configures the module with options known now. `isGlobal: true` makes the client injectable
   * in every module.
   */
  static override forRoot(options: typeof OPTIONS_TYPE): DynamicModule {
    // biome-ignore lint/complexity/noThisInStatic: super keeps `this` (KlarefiModule), which the builder makes the module.
    return withRoutes(super.forRoot(options));
  }

  /**
   * Configures the module with options built by a factory (`useFactory` + `inject`, e.g. from
   * `ConfigService`), or by a class that implements `KlarefiOptionsFactory` (`useClass`,
   * `useExisting`). `imports` makes the factory's dependencies available.
   */
  static override forRootAsync(options: typeof ASYNC_OPTIONS_TYPE): DynamicModule {
    // biome-ignore lint/complexity/noThisInStatic: super keeps `this` (KlarefiModule), which the builder makes the module.
    return withRoutes(super.forRootAsync(options));
  }
}
