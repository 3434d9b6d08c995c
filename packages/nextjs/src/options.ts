import type { KlarefiOptions } from '@klarefi/sdk';
import { createKlarefiCore, type KlarefiCore, optionChecker } from '@klarefi/sdk/adapter';

/**
 * The shared Klarefi options. `apiKey`, `baseUrl` and `webhookSecret` may be left out: they are
 * then read from `KLAREFI_API_KEY`, `KLAREFI_API_BASE_URL` and `KLAREFI_WEBHOOK_SECRET` when the
 * first request arrives, never when the route module is imported (which `next build` does).
 */
export type KlarefiNextOptions<TRequest = Request> = KlarefiOptions<TRequest>;

/** The options, or a function returning them that runs once, on the first request. */
export type KlarefiNextOptionsInput<TRequest = Request> =
  | KlarefiNextOptions<TRequest>
  | (() => KlarefiNextOptions<TRequest>);

/**
 * The core, built once: now when the options carry every secret (so a wrong option fails at
 * start-up), else on the first request, from the environment or the options function.
 */
export function coreProvider<TRequest>(
  input: KlarefiNextOptionsInput<TRequest>,
  check: (options: KlarefiNextOptions<TRequest>) => void = () => {},
): () => KlarefiCore<TRequest> {
  if (typeof input !== 'function' && (typeof input !== 'object' || input === null)) {
    optionChecker('@klarefi/nextjs').invalid(
      'options',
      input,
      'an object like { webhookSecret, startClaim: { caseTypeId } } or a function returning one',
    );
  }
  const build = (): KlarefiCore<TRequest> => {
    const options = typeof input === 'function' ? input() : input;
    check(options);
    return createKlarefiCore(options);
  };
  const complete =
    typeof input !== 'function' &&
    input.webhookSecret !== undefined &&
    (input.client || input.apiKey !== undefined);
  if (typeof input !== 'function') check(input);
  let core: KlarefiCore<TRequest> | undefined = complete ? build() : undefined;
  return () => {
    core ??= build();
    return core;
  };
}
