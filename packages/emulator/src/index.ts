export { createEmulatorApp, type EmulatorApp, type EmulatorAppOptions } from './app.js';
export { BUILT_IN_CASE_TYPES } from './case-types/builtins.js';
export type {
  CaseTypeDefinition,
  CaseTypeQuestion,
  LocalizedText,
  QuestionKind,
} from './case-types/types.js';
export { DEFAULT_FORWARD_TO, DEFAULT_PORT, DEV_API_KEY, DEV_WEBHOOK_SECRET } from './constants.js';
export { type EmulatorClock, parseDuration } from './clock.js';
export type { EmulatorControls, EmulatorDeliveries, EmulatorFaults } from './control.js';
export { KNOWN_EVENT_TYPES, sampleEvent } from './events.js';
export type { FaultHandle } from './fault-registry.js';
export type { FaultSpec, FaultTarget } from './faults.js';
export {
  type Money,
  normalizeAmount,
  normalizeDate,
  normalizeEmail,
  normalizePhone,
  normalizePlate,
  normalizeText,
} from './normalize.js';
export type { EmulatorEndpoint, EmulatorOptions } from './options.js';
export { type RunningEmulator, startEmulator } from './server.js';
export type {
  AttemptRecord as EmulatorAttemptRecord,
  DeliveryRecord as EmulatorDeliveryRecord,
} from './store.js';
