import { startClaim } from '@klarefi/astro';
import type { APIRoute } from 'astro';
import { adapterOptions } from '../scenario';

let endpoint: APIRoute | undefined;

export const GET: APIRoute = (context) => {
  endpoint ??= startClaim(adapterOptions()).GET;
  return endpoint(context);
};
