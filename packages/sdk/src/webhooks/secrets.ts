import { KlarefiConfigError } from '../errors/base.js';
import { KlarefiWebhookSignatureError } from '../errors/signature.js';
import { SIGNATURE_HEADER } from './header.js';

/** Normalises `secret | secrets` and fails early, without echoing them, when unusable. */
export function checkSecrets(secrets: unknown, option = 'webhook secret'): string[] {
  const list = Array.isArray(secrets) ? secrets : [secrets];
  if (list.length === 0 || list.some((s) => typeof s !== 'string' || s.trim() === '')) {
    throw new KlarefiConfigError(
      `The ${option} is missing or empty: set the endpoint's signing secret ("whsec_...", e.g. from KLAREFI_WEBHOOK_SECRET), or an array of them while rotating.`,
    );
  }
  return list as string[];
}

/**
 * Why a secret cannot be an endpoint's signing secret as given, or `undefined`: shared by the
 * start-up check of the handlers and the hint of a signature mismatch. Never echoes the secret.
 */
export function secretFlaw(secret: string): string | undefined {
  if (secret !== secret.trim()) {
    return 'has leading or trailing whitespace (often a newline from an .env file); trim it, e.g. process.env.KLAREFI_WEBHOOK_SECRET?.trim()';
  }
  if (!secret.startsWith('whsec_')) {
    const apiKey = /^sk_(test|live)_/.test(secret) ? ' (it looks like an API key)' : '';
    return `does not start with "whsec_"${apiKey}; copy the endpoint's signing secret from the Klarefi dashboard (or the one \`klarefi dev\` prints)`;
  }
  return undefined;
}

export function noMatch(secrets: string[]): KlarefiWebhookSignatureError {
  let message = `No ${SIGNATURE_HEADER} signature matches the payload for the configured secret${secrets.length > 1 ? 's' : ''}. Check that it is this endpoint's signing secret and that the body is the raw request body, not re-serialised JSON (a body parser that ran first changes the bytes).`;
  for (const flaw of new Set(secrets.map(secretFlaw))) {
    if (flaw) message += ` Note: a configured secret ${flaw}.`;
  }
  return new KlarefiWebhookSignatureError('no_matching_signature', message);
}
