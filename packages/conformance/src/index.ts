/**
 * @module
 * `@klarefi/conformance`: the one behaviour matrix every Klarefi adapter runs (start-claim and
 * webhooks, the good path and every bad input), plus the helpers adapters reuse in their own tests.
 */
import { describe } from 'vitest';
import { batteryCases } from './cases/battery.js';
import { startClaimCases } from './cases/start-claim.js';
import { webhookDedupeCases } from './cases/webhook-dedupe.js';
import { webhookGoodCases } from './cases/webhook-good.js';
import { webhookHeaderCases } from './cases/webhook-header.js';
import { webhookRefusalCases } from './cases/webhook-refusals.js';
import type { ConformanceDriver } from './driver.js';
import { createHarness } from './harness.js';

export type { ConformanceApp, ConformanceDriver, ConformanceRequest, ConformanceResponse } from './driver.js';
export { randomId, sampleEnvelope, sampleLegacyEvent } from './events.js';
export {
  type FakeKlarefiApi,
  type FakeKlarefiApiOptions,
  type FakeReply,
  type FakeSession,
  type RecordedApiRequest,
  startFakeKlarefiApi,
} from './fake-api.js';
export { type ListeningServer, listenOnFreePort, unusedBaseUrl } from './http.js';
export {
  hmacHex,
  nowSeconds,
  type SignedDelivery,
  type SignedDeliveryOptions,
  signatureHeader,
  signedDelivery,
} from './signing.js';

/**
 * Registers the conformance matrix as vitest `describe`/`it` blocks for one adapter. Call it at
 * the top level of a test file; it starts a fake Klarefi API for the file and builds a fresh app
 * through `driver.setup(options)` for every case.
 * @example
 * runConformance({
 *   name: 'express',
 *   setup(options) {
 *     const app = express().use(klarefiRouter(options));
 *     return { request: (req) => sendWithSupertest(app, req) };
 *   },
 * });
 */
export function runConformance(driver: ConformanceDriver): void {
  describe(`Klarefi conformance: ${driver.name}`, () => {
    const harness = createHarness(driver);
    startClaimCases(harness);
    webhookGoodCases(harness);
    webhookDedupeCases(harness);
    webhookHeaderCases(harness);
    webhookRefusalCases(harness);
    batteryCases(harness);
  });
}
