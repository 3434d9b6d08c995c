/**
 * @module
 * `@klarefi/sdk` for Node.js (and Bun, Deno): webhook verification on `node:crypto`.
 */
import { bindFactories } from './handler/create.js';
import { verifyAndParse } from './webhooks/node.js';

export * from './common.js';
export {
  constructEvent,
  createSignatureHeader,
  generateTestHeader,
  type SignatureInput,
} from './webhooks/node.js';

export const { createKlarefiCore, createKlarefiHandler } = bindFactories(verifyAndParse);
