// Adapter plumbing, on every runtime. New core types reach adapters through the `export type *`.
export { payloadTooLarge } from '../errors/http.js';
export type * from '../handler/core.js';
export type { CreateKlarefiCore } from '../handler/factories.js';
export {
  handleWebRequest,
  readRequestBody,
  toWebResponse,
  type WebRequestInput,
} from '../handler/web-handler.js';
