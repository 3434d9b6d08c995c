/** The injection token of the `KlarefiClient`; inject it with `@InjectKlarefi()`. */
export const KLAREFI_CLIENT = 'KLAREFI:CLIENT';

/**
 * The injection token of the module's options. Override it in a test to replace the options
 * (a fake `client` included): `.overrideProvider(KLAREFI_MODULE_OPTIONS).useValue(options)`.
 */
export const KLAREFI_MODULE_OPTIONS = 'KLAREFI:MODULE_OPTIONS';

/** The injection token of the core the module's routes call (internal). */
export const KLAREFI_CORE = 'KLAREFI:CORE';

/** The metadata key `@OnKlarefiEvent()` writes on a method: the event names it handles. */
export const KLAREFI_EVENT_METADATA = 'KLAREFI:EVENT';

/** The event name a catch-all handler is registered under. */
export const ANY_KLAREFI_EVENT = '*';
