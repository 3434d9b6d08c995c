import { claimsPage, exampleConfig } from '@klarefi/example-kit';
import { claims, html } from '../../lib/klarefi';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  return html(claimsPage(claims, exampleConfig().locale));
}
