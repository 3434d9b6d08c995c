import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { EmulatorCore } from '../core.js';
import { own } from '../store.js';
import type { Body } from './body.js';
import { invalid } from './errors.js';

/** The idempotency key: the `idempotency_key` body field, else the `Idempotency-Key` header (the body wins). */
export function idempotencyKey(c: Context, body: Body, route: string): string {
  const fromBody = body.idempotency_key;
  if (fromBody !== undefined && fromBody !== null) {
    if (typeof fromBody !== 'string' || fromBody === '' || fromBody.length > 255) {
      throw invalid(
        'invalid_idempotency_key',
        'idempotency_key must be a non-empty string of at most 255 characters.',
      );
    }
    return fromBody;
  }
  const fromHeader = c.req.header('idempotency-key');
  if (fromHeader !== undefined && fromHeader !== '') {
    if (fromHeader.length > 255) {
      throw invalid('invalid_idempotency_key', 'The Idempotency-Key header must be at most 255 characters.');
    }
    return fromHeader;
  }
  throw invalid(
    'missing_idempotency_key',
    `${route} requires an idempotency key: send an Idempotency-Key header or an idempotency_key field.`,
  );
}

/**
 * Runs `create` once per idempotency key: a repeat with the same parameters answers the original
 * resource with 200 and `idempotent_replay: true`; different parameters are a 400
 * `idempotency_key_conflict`. Keys are scoped per API key, as at the service: another key's request with
 * the same idempotency key is a new request, never a replay of someone else's resource.
 */
export function idempotent(
  core: EmulatorCore,
  c: Context,
  scope: string,
  key: string,
  params: unknown,
  create: () => Record<string, unknown>,
): Response {
  const state = core.store.state;
  // A digest, so the data file never holds a second copy of every key that called the API.
  const owner = createHash('sha256')
    .update(String(c.get('apiKey' as never)))
    .digest('hex')
    .slice(0, 16);
  const slot = `${scope}:${owner}:${key}`;
  const fingerprint = JSON.stringify(params);
  const previous = own(state.idempotency, slot);
  if (previous) {
    if (previous.fingerprint !== fingerprint) {
      throw invalid(
        'idempotency_key_conflict',
        'This idempotency key was already used with different parameters. Use a new key for a new request.',
      );
    }
    return c.json({ ...previous.response, idempotent_replay: true }, 200);
  }
  const response = create();
  state.idempotency[slot] = { fingerprint, response };
  core.store.changed();
  return c.json({ ...response, idempotent_replay: false }, 201);
}
