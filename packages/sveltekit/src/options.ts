import type { KlarefiOptions } from '@klarefi/sdk';
import { createKlarefiCore, type KlarefiCore, optionChecker } from '@klarefi/sdk/adapter';
import type { RequestEvent } from '@sveltejs/kit';

/**
 * The options every Klarefi adapter shares, with SvelteKit's `RequestEvent` as the request that
 * `startClaim.session()` and event handlers receive. `apiKey`, `baseUrl` and `webhookSecret` may
 * be left out: they are then read from `KLAREFI_API_KEY`, `KLAREFI_API_BASE_URL` and
 * `KLAREFI_WEBHOOK_SECRET` in `process.env` when the first request arrives.
 */
export type KlarefiSvelteKitOptions<TTx = never> = KlarefiOptions<RequestEvent, TTx>;

/**
 * The options, or a function returning them that runs once, on the first request: the place to
 * read `$env/dynamic/private`, which holds the runtime environment only once the server runs.
 */
export type KlarefiSvelteKitOptionsInput<TTx = never> =
  | KlarefiSvelteKitOptions<TTx>
  | (() => KlarefiSvelteKitOptions<TTx>);

/**
 * The core, built once: now when the options carry every secret (so a wrong option fails when
 * the server starts), else on the first request, from the options function or the environment.
 * `vite build` imports hooks and `+server.ts` files to analyse them, before any secret exists.
 */
export function coreProvider<TTx>(
  factory: string,
  input: KlarefiSvelteKitOptionsInput<TTx>,
  check: (options: KlarefiSvelteKitOptions<TTx>) => void = () => {},
): () => KlarefiCore<RequestEvent> {
  if (typeof input !== 'function' && (typeof input !== 'object' || input === null)) {
    optionChecker('@klarefi/sveltekit').fail(
      `${factory}() takes options like { webhookSecret, startClaim: { caseTypeId } } or a function returning them, got ${input === null ? 'null' : typeof input}.`,
    );
  }
  const build = (): KlarefiCore<RequestEvent> => {
    const options = typeof input === 'function' ? input() : input;
    check(options);
    return createKlarefiCore<RequestEvent, TTx>(options);
  };
  if (typeof input !== 'function') check(input);
  const complete =
    typeof input !== 'function' &&
    input.webhookSecret !== undefined &&
    (input.client !== undefined || input.apiKey !== undefined || input.startClaim === false);
  let core = complete ? build() : undefined;
  return () => {
    core ??= build();
    return core;
  };
}
