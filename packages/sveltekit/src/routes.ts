import { KlarefiConfigError } from '@klarefi/sdk';
import { type KlarefiAnswer, type KlarefiRoute, toWebResponse } from '@klarefi/sdk/adapter';
import type { RequestHandler } from '@sveltejs/kit';
import { answerEvent } from './handle.js';
import { coreProvider, type KlarefiSvelteKitOptions, type KlarefiSvelteKitOptionsInput } from './options.js';

/**
 * Request handlers to export from a `+server.ts`. `fallback` answers every method the file does
 * not export by name with Klarefi's own `405` and `allow` (without it SvelteKit answers `405`
 * itself, in plain text).
 */
export interface KlarefiRequestHandlers {
  GET: RequestHandler;
  POST: RequestHandler;
  fallback: RequestHandler;
}

function handlers<TTx>(
  factory: string,
  route: KlarefiRoute,
  options: KlarefiSvelteKitOptionsInput<TTx>,
  check?: (options: KlarefiSvelteKitOptions<TTx>) => void,
): KlarefiRequestHandlers {
  const core = coreProvider(factory, options, check);
  // The file's location is the route, so the request is answered as that route whatever its path.
  const handler: RequestHandler = async (event) =>
    toWebResponse(await (answerEvent(core(), event, route) as Promise<KlarefiAnswer>));
  return { GET: handler, POST: handler, fallback: handler };
}

/**
 * The start-claim redirect alone, for `src/routes/start-claim/+server.ts`: the file's location is
 * the route, so `startClaim.path` is not used. Options may be a function, called once on the first
 * request, to read `$env/dynamic/private`.
 * @throws {KlarefiConfigError} when `startClaim` is `false` or the options cannot work.
 * @example
 * export const { GET, fallback } = startClaim({ startClaim: { caseTypeId: 'motor_claim' } });
 */
export function startClaim<TTx = never>(options: KlarefiSvelteKitOptionsInput<TTx>): KlarefiRequestHandlers {
  return handlers('startClaim', 'start-claim', options, needsStartClaim);
}

function needsStartClaim(options: Pick<KlarefiSvelteKitOptions, 'startClaim'>): void {
  if (!options.startClaim) {
    throw new KlarefiConfigError(
      "@klarefi/sveltekit: startClaim() serves the start-claim redirect, so it needs startClaim: { caseTypeId: 'motor_claim' } (got startClaim: false or none).",
    );
  }
}

/**
 * The verified webhook alone, for `src/routes/webhooks/klarefi/+server.ts`: the file's location is
 * the route, so `webhook.path` is not used. Options may be a function, called once on the first
 * request, to read `$env/dynamic/private`.
 * @throws {KlarefiConfigError} when the options cannot work.
 * @example
 * export const { POST, fallback } = webhooks({ startClaim: false, on: { 'case.completed': save } });
 */
export function webhooks<TTx = never>(options: KlarefiSvelteKitOptionsInput<TTx>): KlarefiRequestHandlers {
  return handlers('webhooks', 'webhook', options);
}
