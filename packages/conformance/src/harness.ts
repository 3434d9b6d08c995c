import { randomBytes } from 'node:crypto';
import { KlarefiClient, type KlarefiEventContext, type KlarefiOptions } from '@klarefi/sdk';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { ConformanceApp, ConformanceDriver, ConformanceResponse } from './driver.js';
import { type FakeKlarefiApi, startFakeKlarefiApi } from './fake-api.js';
import type { SignedDelivery } from './signing.js';

/** The fixed clock of the tolerance cases, in unix seconds (a whole second, so no rounding applies). */
export const PINNED_NOW_S = 1_750_000_000;

/** `webhook` options that pin the verifier's clock to {@link PINNED_NOW_S}. */
export const pinnedClock = { now: (): number => PINNED_NOW_S * 1000 };

/** One run of an event handler, as the suite's recording handlers saw it. */
export interface HandlerCall {
  via: 'on' | 'onEvent';
  event: Record<string, unknown>;
  context: KlarefiEventContext<unknown>;
}

/** The state one conformance run shares between its cases. */
export interface Harness {
  driver: ConformanceDriver;
  /** A fresh `sk_test_` key per run; no answer may ever contain it. */
  apiKey: string;
  /** The endpoint's current signing secret; no answer may ever contain it. */
  secret: string;
  /** The previous secret, for rotation cases. */
  oldSecret: string;
  /** The fake Klarefi API (started before the first case). */
  api(): FakeKlarefiApi;
  /** Every handler run of the current case. */
  calls: HandlerCall[];
  /** A recording handler that appends to {@link Harness.calls}. */
  record(via: 'on' | 'onEvent'): (event: any, context: KlarefiEventContext<any>) => void;
  /** The shared options with recording handlers, `apiKey` and `baseUrl`, then `overrides` on top. */
  options(overrides?: Partial<KlarefiOptions<any>>): KlarefiOptions<any>;
  /** A client that never retries, so failure cases are fast. */
  fastClient(baseUrl?: string): KlarefiClient;
  /** Builds an app through the driver; it is closed after the case. */
  open(overrides?: Partial<KlarefiOptions<any>>): Promise<ConformanceApp>;
  /** POSTs a delivery (or sends it with another method) to `path`. */
  deliver(
    app: ConformanceApp,
    delivery: SignedDelivery,
    path?: string,
    method?: string,
  ): Promise<ConformanceResponse>;
}

/** Registers the per-file fake API and per-case clean-up; call inside a `describe`. */
export function createHarness(driver: ConformanceDriver): Harness {
  let api: FakeKlarefiApi | undefined;
  const apps: ConformanceApp[] = [];
  const calls: HandlerCall[] = [];
  const tag = randomBytes(8).toString('hex');

  beforeAll(async () => {
    api = await startFakeKlarefiApi();
  });
  afterAll(async () => {
    await api?.close();
  });
  beforeEach(() => {
    calls.length = 0;
    api?.reset();
  });
  afterEach(async () => {
    const open = apps.splice(0);
    await Promise.all(open.map((app) => app.close?.()));
  });

  const harness: Harness = {
    driver,
    apiKey: `sk_test_conformance_${tag}`,
    secret: `whsec_conformance_new_${tag}`,
    oldSecret: `whsec_conformance_old_${tag}`,
    calls,
    api() {
      if (!api) throw new Error('The fake Klarefi API is not running: use the harness inside a test.');
      return api;
    },
    record(via) {
      return (event, context) => {
        calls.push({ via, event, context });
      };
    },
    options(overrides = {}) {
      const base: KlarefiOptions<any> = {
        apiKey: harness.apiKey,
        baseUrl: harness.api().url,
        webhookSecret: harness.secret,
        startClaim: { caseTypeId: 'motor_claim' },
        on: { 'case.completed': harness.record('on') },
        onEvent: harness.record('onEvent'),
      };
      const merged = { ...base, ...overrides };
      if (overrides.client) {
        delete merged.apiKey;
        delete merged.baseUrl;
      }
      return merged;
    },
    fastClient(baseUrl) {
      return new KlarefiClient({
        apiKey: harness.apiKey,
        baseUrl: baseUrl ?? harness.api().url,
        maxRetries: 0,
      });
    },
    async open(overrides) {
      const app = await driver.setup(harness.options(overrides));
      apps.push(app);
      return app;
    },
    deliver(app, delivery, path = '/webhooks/klarefi', method = 'POST') {
      return app.request({ method, path, headers: delivery.headers, body: delivery.body });
    },
  };
  return harness;
}

/** Parses a JSON answer, failing the case with the raw text when it is not JSON. */
export function jsonBody(res: ConformanceResponse): any {
  try {
    return JSON.parse(res.body);
  } catch {
    throw new Error(`Expected a JSON body, got ${res.status} with ${JSON.stringify(res.body.slice(0, 300))}`);
  }
}

/** Asserts that no answer leaks the API key or a webhook secret. */
export function expectNoSecrets(h: Harness, res: ConformanceResponse): void {
  const everything = `${res.body}\n${JSON.stringify(res.headers)}`;
  for (const secret of [h.apiKey, h.secret, h.oldSecret]) expect(everything).not.toContain(secret);
}

/** Asserts an error answer: the exact status, `{ error: { code, message } }` as JSON, no secrets. */
export function expectError(h: Harness, res: ConformanceResponse, status: number, code: string): void {
  expect({ status: res.status, code: jsonBody(res)?.error?.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(typeof jsonBody(res).error.message).toBe('string');
  expectNoSecrets(h, res);
}

/** Asserts a refusal: {@link expectError}, and no handler ran. */
export function expectRefused(h: Harness, res: ConformanceResponse, status: number, code: string): void {
  expectError(h, res, status, code);
  expect(h.calls).toEqual([]);
}

/**
 * Asserts a refusal of a body that is not a JSON object or array: the core's exact answer, or,
 * when the app parses JSON before the adapter ({@link ConformanceDriver.bodyParsedBeforeAdapter}),
 * the framework's own 4xx. Either way no handler ran and nothing leaked.
 */
export function expectRefusedNonObjectBody(
  h: Harness,
  res: ConformanceResponse,
  status: number,
  code: string,
): void {
  if (!h.driver.bodyParsedBeforeAdapter) {
    expectRefused(h, res, status, code);
    return;
  }
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expectNoSecrets(h, res);
  expect(h.calls).toEqual([]);
}

/** Asserts the webhook success answer: `200 {"received":true}`. */
export function expectReceived(res: ConformanceResponse): void {
  expect({ status: res.status, body: jsonBody(res) }).toMatchObject({
    status: 200,
    body: { received: true },
  });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
}

/** The number of runs of the `on` handlers in the current case. */
export function onRuns(h: Harness): number {
  return h.calls.filter((c) => c.via === 'on').length;
}
