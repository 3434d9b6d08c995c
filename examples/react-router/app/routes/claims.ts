import { claimsPage } from '@klarefi/example-kit';
import { config, html, store } from '../klarefi.server';

export const loader = () => html(claimsPage(store, config.locale));
