import { startClaim } from '@klarefi/nextjs';
import { klarefiOptions } from '../../lib/klarefi';

// GET /start-claim: creates a session and answers 303 to the hosted form.
export const { GET } = startClaim(klarefiOptions);
