import {
  type CaseTypeDefinition,
  type FaultHandle,
  type FaultSpec,
  type RunningEmulator,
  startEmulator,
} from '@klarefi/emulator';
import { type CreateSessionParams, KlarefiClient, type Session } from '@klarefi/sdk';
import { type OptionChecker, optionChecker } from '@klarefi/sdk/adapter';
import { type Claimant, createClaimant } from './claimant.js';
import { createDeliveries, type TestDeliveries } from './deliveries.js';

/** A Web fetch handler: a Hono app's `fetch`, a Next.js route handler, `createKlarefiHandler(...)`. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** Where deliveries go: a URL, a fetch handler, or an object with a `fetch` method (a Hono app). */
export type ForwardTarget = string | FetchHandler | { fetch: FetchHandler };

/** The options of {@link startKlarefiTest}. */
export interface KlarefiTestOptions {
  /**
   * The app's webhook route: its URL (`http://127.0.0.1:3000/webhooks/klarefi`), or a fetch handler
   * called in process, without a port. More can be added later with `forwardTo()`.
   * @default none: events are recorded but not delivered until `forwardTo()` is called
   */
  forwardTo?: ForwardTarget;
  /**
   * The path of the request a fetch handler receives (its URL is `http://localhost` + this path).
   * @default '/webhooks/klarefi'
   */
  webhookPath?: string;
  /**
   * The test key the emulator accepts. Must start with `sk_test_`.
   * @default a random key
   */
  apiKey?: string;
  /**
   * The signing secret. Must start with `whsec_`.
   * @default a random secret
   */
  webhookSecret?: string;
  /**
   * The secret before `webhookSecret`, signed with by `signWith: 'previous-secret'` faults.
   * @default a random secret
   */
  previousWebhookSecret?: string;
  /**
   * Case types besides the built-ins (`motor_claim`, `travel_claim`, `home_contents_claim`).
   * @default []
   */
  caseTypes?: CaseTypeDefinition[];
  /**
   * Delays between delivery attempts. The default spaces retries minutes to hours apart, so none
   * happens by itself during a test: `clock.advance()` brings them forward.
   * @default 'service' (5 s, 5 min, 30 min, 2 h, …)
   */
  retrySchedule?: 'dev' | 'service' | number[];
  /**
   * How long an attempt waits for the app's answer.
   * @default 10000
   */
  deliveryTimeoutMs?: number;
}

/** The emulator's clock, as a test moves it. */
export interface TestClock {
  /** The emulator's current time. */
  now(): Date;
  /**
   * Moves the emulator's clock forward by `duration` (`'72h'`, `'30m'`, `'1d 2h'` or milliseconds)
   * without waiting: sessions expire, due retries are sent, signatures carry the new time.
   */
  advance(duration: string | number): Promise<void>;
}

/** A running Klarefi for one test file. */
export interface KlarefiTest {
  /** Give these to the app under test (`KLAREFI_API_KEY`, `KLAREFI_API_BASE_URL`, `KLAREFI_WEBHOOK_SECRET`). */
  apiKey: string;
  baseUrl: string;
  webhookSecret: string;
  /** What `signWith: 'previous-secret'` signs with; configure the app with both to test a rotation. */
  previousWebhookSecret: string;
  /** The three as environment variables, to spread into `process.env` or a child process's `env`. */
  env: { KLAREFI_API_KEY: string; KLAREFI_API_BASE_URL: string; KLAREFI_WEBHOOK_SECRET: string };
  /** Creates a session directly (when the test does not go through the app's start-claim route). */
  createSession(params: CreateSessionParams): Promise<Session>;
  /** A claimant for a session's `signed_url`. */
  claimant(signedUrl: string): Claimant;
  deliveries: TestDeliveries;
  /** Misbehaviour on demand, for the next matching delivery (or `deliveries: 'all'`). */
  faults: { add(fault: FaultSpec): FaultHandle; clear(): void };
  clock: TestClock;
  /** Delivers to one more target from now on. */
  forwardTo(target: ForwardTarget): void;
  /**
   * Removes every fault, stops the retries still pending and forgets the deliveries so far, so the
   * next test starts clean. (The clock stays where it is: it never moves back.)
   */
  reset(): void;
  /** The emulator itself, for what this API does not cover. */
  emulator: RunningEmulator;
  /** Stops the emulator. Safe to call twice. */
  close(): Promise<void>;
}

const check: OptionChecker = optionChecker('startKlarefiTest');

function endpointFor(target: ForwardTarget, webhookPath: string, where: string) {
  if (typeof target === 'string') {
    try {
      const url = new URL(target);
      if (url.protocol === 'http:' || url.protocol === 'https:') return { url: url.href };
    } catch {
      // Answered below with what to pass.
    }
  } else {
    const handler = typeof target === 'function' ? target : target?.fetch;
    if (typeof handler === 'function')
      return { url: `http://localhost${webhookPath}`, handler: (req: Request) => handler.call(target, req) };
  }
  return check.invalid(
    where,
    target,
    "the app's webhook URL (e.g. 'http://127.0.0.1:3000/webhooks/klarefi') or a fetch handler (request) => Response, such as a Hono app",
  );
}

/**
 * Starts a local Klarefi for a test: the API, the hosted form and signed deliveries to the app, on
 * 127.0.0.1 and a port the OS picks. Nothing is shared between two calls.
 *
 * @example
 * const klarefi = await startKlarefiTest({ forwardTo: 'http://127.0.0.1:3000/webhooks/klarefi' });
 * const claim = await klarefi.claimant(signedUrl).submit();
 * const delivery = await klarefi.deliveries.waitFor('case.completed', { caseId: claim.caseId });
 * await klarefi.close();
 */
export async function startKlarefiTest(options: KlarefiTestOptions = {}): Promise<KlarefiTest> {
  if (typeof options !== 'object' || options === null)
    check.invalid('options', options, 'an options object, e.g. { forwardTo: url }');
  const webhookPath = options.webhookPath ?? '/webhooks/klarefi';
  if (typeof webhookPath !== 'string' || !webhookPath.startsWith('/'))
    check.invalid('webhookPath', webhookPath, "a path starting with '/', e.g. '/webhooks/klarefi'");
  const first =
    options.forwardTo === undefined ? [] : [endpointFor(options.forwardTo, webhookPath, 'forwardTo')];
  const emulator = await startEmulator({
    endpoints: first,
    retrySchedule: options.retrySchedule ?? 'service',
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 10_000,
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    ...(options.webhookSecret === undefined ? {} : { webhookSecret: options.webhookSecret }),
    ...(options.previousWebhookSecret === undefined
      ? {}
      : { previousWebhookSecret: options.previousWebhookSecret }),
    ...(options.caseTypes === undefined ? {} : { caseTypes: options.caseTypes }),
  });
  const client = new KlarefiClient({ apiKey: emulator.apiKey, baseUrl: emulator.url, maxRetries: 0 });
  const forgotten = new Set<string>();
  return {
    apiKey: emulator.apiKey,
    baseUrl: emulator.url,
    webhookSecret: emulator.webhookSecret,
    previousWebhookSecret: emulator.previousWebhookSecret,
    env: {
      KLAREFI_API_KEY: emulator.apiKey,
      KLAREFI_API_BASE_URL: emulator.url,
      KLAREFI_WEBHOOK_SECRET: emulator.webhookSecret,
    },
    createSession: (params) => client.createSession(params),
    claimant: createClaimant,
    deliveries: createDeliveries(emulator, forgotten),
    faults: { add: (fault) => emulator.faults.add(fault), clear: () => emulator.faults.clear() },
    clock: {
      now: () => new Date(emulator.clock.now()),
      async advance(duration) {
        emulator.clock.advance(duration);
        // One turn of the event loop, so retries that fell due have been handed their attempt.
        await new Promise((resolve) => setImmediate(resolve));
      },
    },
    forwardTo(target) {
      emulator.addEndpoint(endpointFor(target, webhookPath, 'forwardTo(target)'));
    },
    reset() {
      emulator.faults.clear();
      for (const d of emulator.deliveries.list()) {
        if (d.status === 'pending') emulator.deliveries.cancel(d.delivery_id);
        forgotten.add(d.delivery_id);
      }
    },
    emulator,
    close: () => emulator.close(),
  };
}
