import { KlarefiConfigError } from '../errors/base.js';

/** The key `klarefi dev` prints: public, so it must never reach Klarefi's service. */
export const DEV_API_KEY = 'sk_test_klarefi_dev_0000000000000000';
/** The signing secret `klarefi dev` prints: public, so it must never sign live deliveries. */
export const DEV_WEBHOOK_SECRET = 'whsec_klarefi_dev_0000000000000000';

/** A conventional variable, where the runtime has a `process.env` (Node, Bun, Deno, Next.js). */
export function fromEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name];
  return value === undefined || value === '' ? undefined : value;
}

function isLocal(baseUrl: string | undefined): boolean {
  if (baseUrl === undefined) return false;
  let host: string;
  try {
    host = new URL(baseUrl).hostname;
  } catch {
    return false; // the client refuses a bad URL with its own message
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    host === '0.0.0.0' ||
    /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}

/**
 * Refuses the two mix-ups that send a key to the wrong place: the public development key to
 * Klarefi's service, and a live key to a local emulator.
 */
export function checkEndpoint(apiKey: string, baseUrl: string | undefined): void {
  const local = isLocal(baseUrl);
  if (apiKey === DEV_API_KEY && !local) {
    throw new KlarefiConfigError(
      `The API key is the public development key of \`klarefi dev\`, but the API base URL is ${baseUrl === undefined ? "Klarefi's service (the default)" : JSON.stringify(baseUrl)}. ` +
        'Set KLAREFI_API_BASE_URL (or baseUrl) to the URL `klarefi dev` prints, e.g. http://127.0.0.1:4010, or use your own sk_test_ key.',
    );
  }
  if (apiKey.startsWith('sk_live_') && local) {
    throw new KlarefiConfigError(
      `A live key (sk_live_) would be sent to the local URL ${JSON.stringify(baseUrl)}. Use a test key (sk_test_) with the emulator, or unset KLAREFI_API_BASE_URL for Klarefi's service.`,
    );
  }
}

/** Refuses the public development secret beside a live key: anyone could sign deliveries. */
export function checkSecretForKey(
  secrets: readonly string[],
  environment: 'test' | 'live' | undefined,
): void {
  if (environment === 'live' && secrets.includes(DEV_WEBHOOK_SECRET)) {
    throw new KlarefiConfigError(
      'webhookSecret is the public development secret of `klarefi dev`, next to a live key (sk_live_): anyone could sign deliveries. Use the signing secret of your endpoint in the Klarefi dashboard.',
    );
  }
}
