/**
 * @module
 * `@klarefi/sdk/testing`: contract suites for what you plug into the SDK, and the receiver battery
 * (`klarefi doctor`'s checks, which the conformance suite runs through every adapter). Runner-neutral.
 */
export {
  type ContractRunner,
  type DedupeStoreContractOptions,
  runDedupeStoreContract,
} from '../testing/dedupe-store-contract.js';
export { MAX_BODY_BYTES } from '../testing/battery/bodies.js';
export {
  BATTERY,
  type BatteryCase,
  type BatteryContext,
  type BatteryExpectation,
  type BatteryGroup,
  batteryFor,
  CLOCK_CASE_OFFSET_S,
  expectedRuns,
  GROUP_TITLES,
} from '../testing/battery/cases.js';
export { type BatteryDelivery, SIGNATURE_HEADER, signatureFor, signed } from '../testing/battery/signing.js';
export { testEnvelope } from '../testing/battery/bodies.js';
