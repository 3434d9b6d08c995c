/**
 * @module
 * `@klarefi/testing`: a local Klarefi as a test fixture, for any test runner.
 */
export type { FaultHandle, FaultSpec, FaultTarget } from '@klarefi/emulator';
export {
  type Claimant,
  type ClaimDocument,
  type ClaimResult,
  createClaimant as claimant,
  type SubmitOptions,
} from './claimant.js';
export type {
  DeliveryFilter,
  TestAttempt,
  TestDeliveries,
  TestDelivery,
  TestResponse,
  WaitForOptions,
} from './deliveries.js';
export { KlarefiConfigError } from '@klarefi/sdk';
export { KlarefiTestError, type KlarefiTestErrorCode } from './errors.js';
export type { LazyOptions, RunnerHooks } from './hooks.js';
export {
  type FetchHandler,
  type ForwardTarget,
  type KlarefiTest,
  type KlarefiTestOptions,
  startKlarefiTest,
  type TestClock,
} from './start.js';
