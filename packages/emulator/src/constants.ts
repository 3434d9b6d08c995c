/** The port `klarefi dev` listens on unless told otherwise. `startEmulator` itself defaults to 0 (any free port). */
export const DEFAULT_PORT = 4010;

/**
 * The test API key `klarefi dev` uses when no key is given. It is stable across restarts so that an app
 * configured once keeps working. It is a test key: the emulator never accepts `sk_live_` keys.
 */
export const DEV_API_KEY = 'sk_test_klarefi_dev_0000000000000000';

/** The webhook signing secret `klarefi dev` uses when none is given; stable across restarts. */
export const DEV_WEBHOOK_SECRET = 'whsec_klarefi_dev_0000000000000000';

/** Where `klarefi dev` forwards events when no `--forward-to` is given: this project's default webhook path. */
export const DEFAULT_FORWARD_TO = 'http://127.0.0.1:3000/webhooks/klarefi';

/** The organisation every emulated resource belongs to, unless `orgId` is set. */
export const DEFAULT_ORG_ID = 'org_emulator';
