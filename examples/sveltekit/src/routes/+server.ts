import { homePage } from '@klarefi/example-kit';
import { config, html } from '$lib/server/config';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => html(homePage(config().locale));
