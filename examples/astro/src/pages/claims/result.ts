import { resultPage } from '@klarefi/example-kit';
import type { APIRoute } from 'astro';
import { config, html, store } from '../../lib/klarefi.js';

export const GET: APIRoute = ({ url }) =>
  html(resultPage(store, url.searchParams.get('case_id') ?? undefined, config.locale));
