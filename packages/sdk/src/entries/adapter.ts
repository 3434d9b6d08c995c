/**
 * @module
 * `@klarefi/sdk/adapter` for Node.js (and Bun, Deno): what a framework adapter builds on. Apps
 * import `@klarefi/sdk` or an adapter package instead.
 */
import { type CreateKlarefiCore, coreFactory } from '../handler/factories.js';
import { verifyAndParse } from '../webhooks/node.js';

export * from './adapter-common.js';

/**
 * Builds the core every adapter wraps. Options are validated now; a missing secret or case
 * type throws a `KlarefiConfigError` that says what to set.
 */
export const createKlarefiCore: CreateKlarefiCore = /* @__PURE__ */ coreFactory(verifyAndParse);
