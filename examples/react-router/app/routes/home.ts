import { homePage } from '@klarefi/example-kit';
import { config, html } from '../klarefi.server';

export const loader = () => html(homePage(config.locale));
