import { claimsPage } from '@klarefi/example-kit';
import { config, html } from '$lib/server/config';
import { store } from '$lib/server/store';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => html(claimsPage(store, config().locale));
