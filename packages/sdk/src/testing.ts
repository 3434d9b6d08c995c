/**
 * @module
 * `@klarefi/sdk/testing`: contract suites for what you plug into the SDK. Runner-neutral.
 */
export {
  type ContractRunner,
  type DedupeStoreContractOptions,
  runDedupeStoreContract,
} from './testing/dedupe-store-contract.js';
