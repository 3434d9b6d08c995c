import type { KlarefiOptions } from '@klarefi/sdk';

/** One request the suite sends through an adapter. */
export interface ConformanceRequest {
  /** The HTTP method, upper case: `"GET"`, `"POST"`, ... */
  method: string;
  /** The path and query string, e.g. `"/start-claim?x=1"`. */
  path: string;
  /** Request headers; names are lower case. Send them exactly as given. */
  headers?: Record<string, string>;
  /** The body, to be sent byte for byte (never parsed and re-serialised by the driver). */
  body?: string | Uint8Array;
}

/** What the adapter answered. */
export interface ConformanceResponse {
  status: number;
  /** Response headers with lower-case names. */
  headers: Record<string, string>;
  /** The body as text (`""` when there is none). */
  body: string;
}

/** An app that mounts the adapter under test. */
export interface ConformanceApp {
  /**
   * Sends one request through the framework's own in-process entry point (`supertest`,
   * `fastify.inject`, `app.request`, ...) and resolves with the answer. It must not follow
   * redirects and must resolve (not reject) for every status the framework answers.
   */
  request(req: ConformanceRequest): Promise<ConformanceResponse>;
  /** Frees the app's resources; called after each test. */
  close?(): Promise<void>;
}

/**
 * How the conformance suite reaches one adapter. Keep it a thin translation: all behaviour
 * under test belongs to the adapter and the core.
 */
export interface ConformanceDriver {
  /** Shown in the suite's title, e.g. `"express 5"`. */
  name: string;
  /**
   * Builds an app that mounts the adapter at the root with exactly these options (paths as
   * given). Called once per test; nothing else (no global JSON parser unless the driver is
   * testing that case on purpose).
   */
  setup(options: KlarefiOptions<any>): ConformanceApp | Promise<ConformanceApp>;
  /**
   * The status the framework answers when the integrator's `startClaim.session()` hook throws
   * (its own default error path). When omitted the suite only checks that the answer is not a
   * redirect, not the core's 502, and at least 500.
   * @default undefined
   */
  sessionHookErrorStatus?: number;
  /**
   * Set when the app under test decodes the body to text before the adapter sees it (a Hono
   * middleware calling `c.req.json()` first). The original bytes of a body with a BOM or invalid
   * UTF-8 are gone then; the suite expects such deliveries refused (401), never accepted.
   * @default false
   */
  bodyDecodedBeforeAdapter?: boolean;
  /**
   * Set when the app under test installed its framework's JSON body parser before the adapter
   * (the adapter then verifies the bytes the parser kept). Such a parser refuses a body that is
   * not a JSON object or array itself, before the adapter runs: for those bodies the suite expects
   * a 4xx from the framework and no handler run, instead of the core's exact answer.
   * @default false
   */
  bodyParsedBeforeAdapter?: boolean;
  /**
   * With {@link bodyParsedBeforeAdapter}: that parser's own body limit in bytes when it is not
   * above `webhook.maxBodyBytes` (`express.json()` defaults to 100 kB, Fastify to 1 MiB). A larger
   * delivery gets the framework's own 413 before the adapter sees it: no handler run, no outcome.
   * @default undefined: no limit below the adapter's
   */
  parserLimitBytes?: number;
}
