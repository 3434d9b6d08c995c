import { exampleConfig, homePage } from '@klarefi/example-kit';
import { html } from '../lib/klarefi';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  return html(homePage(exampleConfig().locale));
}
