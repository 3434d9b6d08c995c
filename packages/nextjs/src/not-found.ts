import { KlarefiHttpError } from '@klarefi/sdk';
import type { KlarefiCore } from '@klarefi/sdk/adapter';

/** A 404 that says which paths this route serves, so a misplaced route file is easy to spot. */
export function routeNotFound(core: KlarefiCore<unknown>): KlarefiHttpError {
  const served = [core.startClaimPath, core.webhookPath].filter((p): p is string => p !== null);
  return new KlarefiHttpError(
    404,
    'not_found',
    `No Klarefi route at this path; this handler serves paths ending in ${served.join(' and ')}.`,
  );
}
