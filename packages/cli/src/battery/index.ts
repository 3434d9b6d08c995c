/**
 * @module
 * `klarefi/battery`: the receiver battery as data. `klarefi doctor` sends these deliveries to a
 * running receiver over HTTP; the conformance suite runs the same cases through every adapter
 * in-process. Each case builds its deliveries (exact bytes and headers) and says what a correct
 * receiver answers.
 */
export { MAX_BODY_BYTES } from './bodies.js';
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
} from './cases.js';
export { type BatteryDelivery, SIGNATURE_HEADER, signatureFor } from './signing.js';
