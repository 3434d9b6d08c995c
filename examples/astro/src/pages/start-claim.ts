import { startClaim } from '@klarefi/astro';
import { klarefiOptions } from '../lib/klarefi.js';

// GET /start-claim: creates a session and answers 303 to the hosted form.
export const { GET } = startClaim(klarefiOptions);
