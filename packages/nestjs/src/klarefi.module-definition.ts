import { ConfigurableModuleBuilder } from '@nestjs/common';
import { createKlarefiCore, type KlarefiCore, withDefaultOutcomeLog } from '@klarefi/sdk/adapter';
import { KLAREFI_CORE, KLAREFI_MODULE_OPTIONS } from './klarefi.constants.js';
import { createKlarefiController } from './klarefi.controller.js';
import { KlarefiExplorer } from './klarefi.explorer.js';
import { logWithNest } from './klarefi.outcomes.js';
import type {
  KlarefiModuleExtras,
  KlarefiModuleOptions,
  KlarefiRequest,
} from './klarefi-module-options.interface.js';

function createCore(options: KlarefiModuleOptions, explorer: KlarefiExplorer): KlarefiCore<KlarefiRequest> {
  return createKlarefiCore<KlarefiRequest>(
    withDefaultOutcomeLog(
      { ...options, onEvent: explorer.dispatcher(options.onEvent) as never },
      logWithNest,
    ),
  );
}

export const { ConfigurableModuleClass } = new ConfigurableModuleBuilder<KlarefiModuleOptions>({
  optionsInjectionToken: KLAREFI_MODULE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createKlarefiOptions')
  // Each forRoot/forRootAsync call gets its own controller; its core, once built, gives the routes their paths.
  .setExtras<KlarefiModuleExtras>({ isGlobal: false, decorators: [] }, (definition, extras) => {
    const [controller, mount] = createKlarefiController(extras.decorators ?? []);
    const core = {
      provide: KLAREFI_CORE,
      useFactory: (options: KlarefiModuleOptions, explorer: KlarefiExplorer) =>
        mount(createCore(options, explorer)),
      inject: [KLAREFI_MODULE_OPTIONS, KlarefiExplorer],
    };
    return {
      ...definition,
      global: extras.isGlobal,
      controllers: [controller],
      providers: [...(definition.providers ?? []), core],
    };
  })
  .build();
