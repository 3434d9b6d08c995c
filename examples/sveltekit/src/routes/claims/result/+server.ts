import { resultPage } from '@klarefi/example-kit';
import { config, html } from '$lib/server/config';
import { store } from '$lib/server/store';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) =>
  html(resultPage(store, url.searchParams.get('case_id') ?? undefined, config().locale));
