import { ConfigurableModuleBuilder } from '@nestjs/common';
import { KLAREFI_MODULE_OPTIONS } from './klarefi.constants.js';
import type { KlarefiModuleExtras, KlarefiModuleOptions } from './klarefi-module-options.interface.js';

export const { ConfigurableModuleClass, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<KlarefiModuleOptions>({
    moduleName: 'Klarefi',
    optionsInjectionToken: KLAREFI_MODULE_OPTIONS,
  })
    .setClassMethodName('forRoot')
    .setFactoryMethodName('createKlarefiOptions')
    .setExtras<KlarefiModuleExtras>({ isGlobal: false }, (definition, extras) => ({
      ...definition,
      global: extras.isGlobal,
    }))
    .build();
