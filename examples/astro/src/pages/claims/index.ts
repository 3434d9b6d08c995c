import { claimsPage } from '@klarefi/example-kit';
import { config, html, store } from '../../lib/klarefi.js';

export const GET = () => html(claimsPage(store, config.locale));
