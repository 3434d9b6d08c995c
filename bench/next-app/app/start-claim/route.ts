import { startClaim } from '@klarefi/nextjs';
import { adapterOptions } from '../../scenario';

export const { GET } = startClaim(adapterOptions);
