import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { KlarefiModuleExtras, KlarefiModuleOptions } from './klarefi-module-options.interface.js';

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: KLAREFI_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<KlarefiModuleOptions>({
  moduleName: 'Klarefi',
  optionsInjectionToken: 'KLAREFI:MODULE_OPTIONS',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createKlarefiOptions')
  .setExtras<KlarefiModuleExtras>({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
