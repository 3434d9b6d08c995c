import { resultPage } from '@klarefi/example-kit';
import { config, html, store } from '../klarefi.server';

export const loader = ({ request }: { request: Request }) =>
  html(resultPage(store, new URL(request.url).searchParams.get('case_id') ?? undefined, config.locale));
