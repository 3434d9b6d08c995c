/**
 * @module
 * `@klarefi/sdk/adapter` for runtimes without `node:crypto` (Workers, browsers): Web Crypto only.
 */
import { type CreateKlarefiCore, coreFactory } from '../handler/factories.js';
import { verifyAndParseAsync } from '../webhooks/web-crypto.js';

export * from './adapter-common.js';

/**
 * Builds the core every adapter wraps. Options are validated now; a missing secret or case
 * type throws a `KlarefiConfigError` that says what to set.
 */
export const createKlarefiCore: CreateKlarefiCore = /* @__PURE__ */ coreFactory(verifyAndParseAsync);
