/** What every example app reads from its environment. */
export interface ExampleConfig {
  /** `PORT`, default 3000. */
  port: number;
  /** `HOST`, default 127.0.0.1. */
  host: string;
  /** `KLAREFI_API_KEY`, default the test key `klarefi dev` prints. */
  apiKey: string;
  /** `KLAREFI_API_BASE_URL`, default `klarefi dev`'s http://127.0.0.1:4010. */
  baseUrl: string;
  /** `KLAREFI_WEBHOOK_SECRET`, default the signing secret `klarefi dev` prints. */
  webhookSecret: string;
  /** `KLAREFI_CASE_TYPE`, default motor_claim. */
  caseTypeId: string;
  /** `KLAREFI_LOCALE` (en or nl), default none (the hosted form's default, English). */
  locale: string | undefined;
  /** `PUBLIC_URL`: this app's address as the claimant's browser sees it; default taken from the request's Host. */
  publicUrl: string | undefined;
  /**
   * `KLAREFI_REDIS_URL`: when set, the app dedupes webhooks in Redis (`RedisDedupeStore`), so
   * several instances process each delivery once; default none (the in-memory store).
   */
  redisUrl: string | undefined;
}

// The values `klarefi dev` prints (stable across restarts), so `klarefi dev` + `start` needs no configuration.
export const KLAREFI_DEV_DEFAULTS = {
  apiKey: 'sk_test_klarefi_dev_0000000000000000',
  baseUrl: 'http://127.0.0.1:4010',
  webhookSecret: 'whsec_klarefi_dev_0000000000000000',
} as const;

/** Reads the example's configuration, defaulting to what `klarefi dev` prints. */
export function exampleConfig(env: Record<string, string | undefined> = process.env): ExampleConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number (0-65535); got "${env.PORT}".`);
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    apiKey: env.KLAREFI_API_KEY ?? KLAREFI_DEV_DEFAULTS.apiKey,
    baseUrl: env.KLAREFI_API_BASE_URL ?? KLAREFI_DEV_DEFAULTS.baseUrl,
    webhookSecret: env.KLAREFI_WEBHOOK_SECRET ?? KLAREFI_DEV_DEFAULTS.webhookSecret,
    caseTypeId: env.KLAREFI_CASE_TYPE ?? 'motor_claim',
    locale: env.KLAREFI_LOCALE || undefined,
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, '') || undefined,
    redisUrl: env.KLAREFI_REDIS_URL || undefined,
  };
}

/**
 * Where the hosted form sends the claimant back: this app's result page. From `PUBLIC_URL`, or
 * else the request's Host (fine for a local example; in production configure the URL).
 */
export function returnUrl(config: ExampleConfig, host: string | undefined): string {
  const base = config.publicUrl ?? `http://${host ?? `${config.host}:${config.port}`}`;
  return `${base}/claims/result`;
}
