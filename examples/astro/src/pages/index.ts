import { homePage } from '@klarefi/example-kit';
import { config, html } from '../lib/klarefi.js';

export const GET = () => html(homePage(config.locale));
