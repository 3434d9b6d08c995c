/**
 * @module
 * `@klarefi/nestjs`: Klarefi for NestJS on `@nestjs/platform-express` and `@nestjs/platform-fastify`.
 */
export { ANY_KLAREFI_EVENT, KLAREFI_CLIENT, KLAREFI_MODULE_OPTIONS } from './klarefi.constants.js';
export {
  InjectKlarefi,
  type KlarefiEventFor,
  type KlarefiEventMethod,
  OnKlarefiEvent,
} from './klarefi.decorators.js';
export { KlarefiModule } from './klarefi.module.js';
export type {
  KlarefiModuleExtras,
  KlarefiModuleOptions,
  KlarefiOptionsFactory,
  KlarefiRequest,
} from './klarefi-module-options.interface.js';
// Every adapter re-exports the same SDK names.
export { KlarefiClient, KlarefiConfigError } from '@klarefi/sdk';
export type {
  EventFor,
  KlarefiEvent,
  KlarefiEventContext,
  KlarefiEventHandler,
  KlarefiRefusalCode,
  KnownEventName,
  StartClaimOptions,
  StartClaimSessionParams,
  WebhookOptions,
} from '@klarefi/sdk';
