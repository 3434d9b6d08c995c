import type { CaseTypeDefinition } from './case-types/types.js';

/** A webhook endpoint the emulator delivers events to, as registered in the service's dashboard. */
export interface EmulatorEndpoint {
  /** The receiver's URL, `http://` or `https://`. */
  url: string;
  /**
   * The endpoint's signing secret, `whsec_…`.
   * @default the emulator's `webhookSecret`
   */
  secret?: string;
  /**
   * The secret this endpoint had before its current one, which `signWith: 'previous-secret'` faults
   * sign with (a rotation in progress).
   * @default the emulator's `previousWebhookSecret`
   */
  previousSecret?: string;
  /**
   * Delivers to this function in-process instead of over the network (a Hono app's `fetch`, a Next.js
   * route handler, `createKlarefiHandler`). `url` is still the endpoint's name and the request's URL,
   * so its path must be the route the handler serves. A handler that throws is recorded as an attempt
   * without an answer, like a refused connection.
   * @default undefined (deliver with HTTP to `url`)
   */
  handler?: (request: Request) => Response | Promise<Response>;
  /**
   * The event types it subscribes to (`v1.case.completed`, …) or `'*'` for all.
   * @default ['*']
   */
  events?: string[];
  /**
   * Failure injection: the emulator treats an attempt as if the receiver had answered `status` (the
   * request is not sent), after waiting `delayMs`. With only `delayMs`, the request is sent after the
   * delay (a delay past `deliveryTimeoutMs` is a timeout). Applies to the first `times` attempts to
   * this endpoint.
   */
  failure?: {
    /** The HTTP status the attempt is recorded with, e.g. 500 or 401. */
    status?: number;
    /**
     * Milliseconds to wait before the attempt.
     * @default 0
     */
    delayMs?: number;
    /**
     * How many attempts fail this way.
     * @default every attempt
     */
    times?: number;
  };
}

/** The options of {@link startEmulator}. All are optional. */
export interface EmulatorOptions {
  /**
   * The TCP port; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * The address to listen on.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * The test API key clients must send. Must start with `sk_test_`: the emulator refuses live keys.
   * @default a random `sk_test_` key (kept in `dataFile` when one is set)
   */
  apiKey?: string;
  /**
   * The signing secret of endpoints that have none of their own, `whsec_…`.
   * @default a random `whsec_` secret (kept in `dataFile` when one is set)
   */
  webhookSecret?: string;
  /**
   * The secret endpoints had before `webhookSecret`, for `signWith: 'previous-secret'` faults: configure
   * a receiver with both to test a rotation.
   * @default a random `whsec_` secret
   */
  previousWebhookSecret?: string;
  /**
   * The webhook endpoints events are delivered to; more can be added with `addEndpoint`.
   * @default []
   */
  endpoints?: EmulatorEndpoint[];
  /**
   * Case types added to the built-ins (`motor_claim`, `travel_claim`, `home_contents_claim`); one with
   * a built-in's id replaces it.
   * @default []
   */
  caseTypes?: readonly CaseTypeDefinition[];
  /**
   * A JSON file holding an array of case types, or `{ "caseTypes": [...] }` (a `klarefi.config.json`),
   * read at start-up (before `caseTypes`).
   */
  caseTypesFile?: string;
  /**
   * Send case events as the current documentation describes them: `data` carries `case_status`
   * only, and the receiver reads the case (`GET /cases/{id}`) for its features. Off, completed and
   * review events also carry `features` inline, as the legacy body did.
   * @default false
   */
  thinBodies?: boolean;
  /**
   * The delays in milliseconds between delivery attempts (with ±20% jitter). `'dev'`: 1 s, 5 s, 15 s,
   * 30 s, 60 s, 120 s (about four minutes in all). `'service'`: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
   * 14 h, 20 h, 24 h. Tests pass short ones such as `[20, 40]`. An empty array means a single attempt.
   * @default 'dev'
   */
  retrySchedule?: 'dev' | 'service' | number[];
  /**
   * How long an attempt waits for the receiver's answer before counting as failed.
   * @default 30000
   */
  deliveryTimeoutMs?: number;
  /**
   * Requests per minute per API key before the API answers 429.
   * @default 600
   */
  rateLimitPerMinute?: number;
  /**
   * A JSON file the state is written to after each change (atomically) and read back at start-up.
   * Deliveries still pending when the emulator stopped are delivered after it starts again.
   * @default state is kept in memory only
   */
  dataFile?: string;
  /**
   * The organisation id in `/me`, cases and events.
   * @default 'org_emulator'
   */
  orgId?: string;
  /**
   * Extra API keys with limited scopes, to test 403 `authorization_error`.
   * @default []
   */
  additionalKeys?: Array<{ apiKey: string; scopes: string[] }>;
  /**
   * The clock, in milliseconds since the epoch; session expiry, rate-limit windows, event times,
   * signature timestamps and retry due times all read it. `clock.advance()` moves the emulator ahead
   * of it.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Receives one line per delivery attempt (`--> v1.case.completed whd_… http://…` and
   * `<-- 200 http://… 12ms`). Lines never contain keys or secrets.
   * @default no logging
   */
  log?: (line: string) => void;
}
